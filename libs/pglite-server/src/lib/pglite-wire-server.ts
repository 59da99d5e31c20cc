import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { SessionLock } from './session-lock';
import { WireConnection } from './wire-connection';
import { fatalError } from './wire-protocol';

export type PgliteWireServerOptions = { db: PGlite; host?: string; port?: number; maxConnections?: number };

const DEFAULT_MAX_CONNECTIONS = 50;

/**
 * Serves one PGlite instance over the Postgres wire protocol to many clients at once. PGlite has
 * a single session: clients take turns per unit of work, a transaction keeps the session until
 * it ends, and session state (SET, advisory locks, named prepared statements) is shared by all.
 *
 * Written here rather than using @electric-sql/pglite-socket 0.1.3, whose queue interleaves
 * the Parse/Bind/Execute messages of concurrent clients (a Bind lands on another client's
 * statement) and which never answers an SSLRequest.
 */
export class PgliteWireServer {
  private readonly connections = new Set<WireConnection>();
  private readonly session = new SessionLock();

  private constructor(
    private readonly server: Server,
    private readonly db: PGlite,
    private readonly host: string,
    private readonly maxConnections: number,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async listen(options: PgliteWireServerOptions): Promise<PgliteWireServer> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    const wire = new PgliteWireServer(server, options.db, host, options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    return wire;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get url(): string {
    return `postgres://postgres@${this.host}:${this.port}/postgres`;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops listening, drops every client (rolling back what they left open) and waits for that. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const connections = [...this.connections];
    for (const connection of connections) connection.destroy();
    await Promise.all(connections.map((connection) => connection.done));
    await closed;
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.maxConnections) {
      socket.end(fatalError('53300', 'sorry, too many clients already'), () => socket.destroy());
      return;
    }
    const connection = new WireConnection(socket, this.db, this.session);
    this.connections.add(connection);
    void connection.done.then(() => this.connections.delete(connection));
  }
}
