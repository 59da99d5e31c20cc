/**
 * Serves an embedded PGlite database over the Postgres wire protocol, so that the dev stack's
 * processes (the three apps, psql, `prisma migrate deploy`) can share it when no DATABASE_URL is set.
 *
 *   PGLITE_DIR=.data/pglite PGLITE_PORT=0 tsx tools/db/pglite-server.ts [dir]
 *
 * Prints exactly one line on stdout once it accepts connections:
 *   READY postgres://postgres@127.0.0.1:<port>/postgres
 * and closes the database cleanly on SIGTERM or SIGINT. Clients must not require TLS
 * (`sslmode=prefer`, the default, and `disable` work; `require` is refused).
 */
import { resolve } from 'node:path';
import { acquirePglite } from '@herald/database';
import { PgliteWireServer } from '@herald/pglite-server';

const MAX_CONNECTIONS = 50;

function portFromEnv(value: string | undefined): number {
  const port = Number(value || 0);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new Error(`PGLITE_PORT must be a port number, got ${value}`);
}

async function main(): Promise<void> {
  const dataDir = resolve(process.argv[2] || process.env['PGLITE_DIR'] || '.data/pglite');
  const port = portFromEnv(process.env['PGLITE_PORT']);
  // Through the registry: it marks the directory as open here, so an app pointed at the same
  // PGLITE_DIR fails fast instead of corrupting it.
  const lease = await acquirePglite(dataDir);
  const server = await PgliteWireServer.listen({
    db: lease.db,
    host: '127.0.0.1',
    port,
    maxConnections: MAX_CONNECTIONS,
  });
  process.stdout.write(`READY ${server.url}\n`);
  onShutdown(async () => {
    await server.close();
    await lease.release();
  });
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`pglite-server: failed to close cleanly after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

main().catch((error: unknown) => {
  console.error('pglite-server failed to start:', error);
  process.exit(1);
});
