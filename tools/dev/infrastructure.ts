import { resolve } from 'node:path';
import { type ProcessGroup, waitForLine } from './processes';
import { tcpAnswers } from './probes';

const WORKSPACE_ROOT = resolve(__dirname, '../..');

/** `nats-server -js` on 127.0.0.1:<port> with its store in `storeDir`; resolves with its URL once it accepts connections. */
export async function startNatsServer(
  group: ProcessGroup,
  options: { port: number; storeDir: string; logFile?: string },
): Promise<string> {
  const { port, storeDir } = options;
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir];
  const child = group.start('nats', 'nats-server', args, { logFile: options.logFile });
  const deadline = Date.now() + 10_000;
  while (!(await tcpAnswers('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('nats-server did not start');
    await new Promise((done) => setTimeout(done, 100));
  }
  return `nats://127.0.0.1:${port}`;
}

/** Embedded Postgres (PGlite in `pgliteDir`) served over the Postgres protocol; resolves with its URL. */
export async function startEmbeddedPostgres(
  group: ProcessGroup,
  options: { pgliteDir: string; port?: number },
): Promise<string> {
  const child = group.start('pglite', process.execPath, ['--import', 'tsx', 'tools/db/pglite-server.ts'], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: 'tsconfig.base.json',
      PGLITE_DIR: options.pgliteDir,
      PGLITE_PORT: String(options.port ?? 0),
    },
  });
  const [, url] = await waitForLine(child, /^READY (\S+)$/, 60_000);
  return url;
}
