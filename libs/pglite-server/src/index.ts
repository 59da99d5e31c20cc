export { PgliteWireServer, type PgliteWireServerOptions } from './lib/pglite-wire-server';
