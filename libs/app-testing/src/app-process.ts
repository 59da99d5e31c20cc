import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type AppName, PORT_VARIABLES } from '@herald/config';
import { acquirePglite } from '@herald/database';
import { PgliteWireServer } from '@herald/pglite-server';
import { eventually, freePort } from '@herald/testing';

const WORKSPACE_ROOT = join(__dirname, '../../..');

/**
 * An app in a child process of its own, on the run's NATS and database, so a test can SIGKILL it
 * mid-work the way a crashing worker dies. Sources run through @swc-node/register (decorator
 * metadata included), as `nx` itself runs TypeScript.
 */
export class AppProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(app: AppName, database: ChildDatabase, env: Record<string, string> = {}): Promise<AppProcess> {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
        DATABASE_URL: database.url,
        [PORT_VARIABLES[app]]: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited (${child.exitCode}): ${output.join('')}`);
        const health = await fetch(`${url}/health`).catch(() => undefined);
        return health?.status === 200 || undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, description: `${app} in a child process to be healthy` },
    );
    return new AppProcess(url, child, output);
  }

  /** Dies at once, acking nothing more: what a crash or an OOM kill does. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** Graceful shutdown: drains its consumers first. */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private end(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return exited;
  }
}

/** A database URL that app processes can share with the test: the run's Postgres, or its PGlite served over the wire. */
export type ChildDatabase = { url: string; close(): Promise<void> };

export async function childDatabase(): Promise<ChildDatabase> {
  const url = process.env['DATABASE_URL'];
  if (url) return { url, close: async () => undefined };
  const lease = await acquirePglite(process.env['PGLITE_DIR'] as string);
  const server = await PgliteWireServer.listen({ db: lease.db, host: '127.0.0.1', port: 0, maxConnections: 50 });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await lease.release();
    },
  };
}
