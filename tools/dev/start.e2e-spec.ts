import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, NatsServerProcess } from '@herald/testing';

const ROOT = join(__dirname, '../..');

/** Every process below `root`. */
function descendants(root: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const below = (pid: number): number[] =>
    table.filter(([, ppid]) => ppid === pid).flatMap(([child]) => [child, ...below(child)]);
  return below(root);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line and NODE_ENV of every stack process that runs an app bundle. */
function appProcesses(pids: number[]): { args: string[]; nodeEnv: string | undefined }[] {
  return pids.flatMap((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!args.some((arg) => /dist\/apps\/[^/]+\/main\.js$/.test(arg))) return [];
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const nodeEnv = environ.find((entry) => entry.startsWith('NODE_ENV='))?.slice('NODE_ENV='.length);
      return [{ args, nodeEnv }];
    } catch {
      return [];
    }
  });
}

describe.each([
  { script: 'start', production: false },
  { script: 'start:prod', production: true },
])('npm run $script (the stack runner)', ({ script, production }) => {
  let nats: NatsServerProcess;
  let dataDir: string;
  let runner: ChildProcess;
  let output = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    dataDir = mkdtempSync(join(tmpdir(), 'herald-start-'));
    for (const name of ['WEBHOOKS_PORT', 'NOTIFICATIONS_PORT', 'IMPACT_IN_PORT']) ports[name] = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NATS_URL: nats.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env['DATABASE_URL'];
    delete env['PGLITE_DIR'];
    delete env['ADMIN_TOKEN'];
    runner = spawn('npm', ['run', script], {
      cwd: ROOT,
      env: { ...env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) },
    });
    runner.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    runner.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    if (runner.exitCode === null) runner.kill('SIGKILL');
    await nats.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings up three healthy apps on embedded Postgres, then stops every process on SIGTERM', async () => {
    await eventually(() => (output.includes('Herald is up') ? true : undefined), {
      timeoutMs: 170_000,
      intervalMs: 500,
      description: '"Herald is up"',
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- npm start printed ---\n${output.slice(-4000)}`);
    });
    expect(output).toContain(`using NATS at ${nats.url}`);
    expect(output).toMatch(/embedded Postgres \(PGlite\) in .*pglite/);
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8');
    expect(output).toContain(adminToken);

    for (const port of Object.values(ports)) {
      expect(output).toContain(`http://127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    }
    const org = await fetch(`http://127.0.0.1:${ports['WEBHOOKS_PORT']}/v1/orgs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    expect(org.status).toBe(201);

    const processes = descendants(runner.pid as number);
    expect(processes.length).toBeGreaterThanOrEqual(4);
    const apps = appProcesses(processes);
    expect(apps).toHaveLength(3);
    for (const app of apps) {
      expect(app.args[0]).toMatch(/node$/);
      expect(app.args.includes('--enable-source-maps')).toBe(!production);
      expect(app.args.includes('--heap-growing-percent=100')).toBe(production);
      expect(app.nodeEnv === 'production').toBe(production);
    }
    if (production) expect(output).toContain('Herald is up (production mode)');
    const exited = new Promise((resolve) => runner.once('exit', resolve));
    runner.kill('SIGTERM');
    await exited;
    await eventually(() => (processes.every((pid) => !alive(pid)) ? true : undefined), {
      timeoutMs: 15_000,
      description: `every process of the stack to exit (${processes.filter(alive).join(', ')} still running)`,
    });
  });
});
