import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { APP_NAMES, type AppName, PORT_VARIABLES } from '@herald/config';
import {
  createTestDatabase,
  dropTestDatabase,
  freePort,
  TEST_POSTGRES_ADMIN_URL,
  type TestDatabase,
} from '@herald/testing';
import { appCommandLine, appProcessEnv, buildAppBundles } from '../dev/apps';
import { startEmbeddedPostgres, startNatsServer } from '../dev/infrastructure';
import { ProcessGroup } from '../dev/processes';
import { waitForHealthy } from '../dev/probes';

export type StackOptions = {
  runDir: string;
  logLevel: string;
  /** Extra environment for the apps (provider fakes). */
  appEnv: Record<string, string>;
  /** Where the profiled apps write their CPU profiles (see PROFILED_APPS); no profiling when unset. */
  cpuProfileDir?: string;
};

/** With --cpu-prof: webhooks profiles the end-to-end scenario, notifications the notifications scenario. */
export const PROFILED_APPS: readonly AppName[] = ['webhooks', 'notifications'];

export type DatabaseInfo = { created: TestDatabase; url: string };

/**
 * What the bench runs against, all private to one run: a nats-server on a free port, a fresh
 * database (a new one on the local Postgres when it answers, else embedded PGlite), and the three
 * apps built and started as production processes. Every log goes to a file in the run directory.
 */
export class BenchStack {
  private readonly group = new ProcessGroup();
  private crashed?: (error: Error) => void;
  /** Rejects when a process of the stack exits on its own. */
  readonly failure: Promise<never>;
  readonly pids: Partial<Record<AppName, number>> = {};
  readonly ports: Partial<Record<AppName, number>> = {};
  readonly adminToken = `adm_bench_${randomBytes(16).toString('hex')}`;
  natsUrl = '';
  database?: DatabaseInfo;

  constructor(private readonly options: StackOptions) {
    this.failure = new Promise<never>((_, reject) => (this.crashed = reject));
    this.failure.catch(() => undefined);
    this.group.onUnexpectedExit = (name, code, signal) => {
      if (name === 'build') return;
      this.crashed?.(
        new Error(`${name} exited during the bench (${signal ?? `code ${code}`}); see ${this.logFile(name)}`),
      );
    };
  }

  logFile(name: string): string {
    return join(this.options.runDir, `${name}.log`);
  }

  appUrl(app: AppName): string {
    return `http://127.0.0.1:${this.ports[app]}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.options.runDir, { recursive: true });
    const [natsUrl, database] = await Promise.all([
      startNatsServer(this.group, {
        port: await freePort(),
        storeDir: join(this.options.runDir, 'nats'),
        logFile: this.logFile('nats'),
      }),
      this.createDatabase(),
      buildAppBundles(this.group, { logFile: this.logFile('build') }),
    ]);
    this.natsUrl = natsUrl;
    this.database = database;
    await this.startApps();
  }

  /**
   * What the CPU meter watches beside the apps: the nats-server, and the Postgres backends that
   * serve this run's database (embedded PGlite runs inside the wire server of the bench's own group).
   */
  async infrastructurePids(): Promise<Record<string, number[]>> {
    const nats = this.group.pid('nats');
    const created = this.database?.created;
    const postgres = created?.kind === 'postgres' ? await backendPids(created.name) : [];
    return { nats: nats ? [nats] : [], postgres };
  }

  async stop(): Promise<void> {
    await this.group.stopFirst(APP_NAMES);
    await this.group.stopAll();
    if (this.database) await dropTestDatabase(this.database.created);
  }

  /** A fresh, migrated database from the test harness; PGlite is served over the wire like `npm start` does. */
  private async createDatabase(): Promise<DatabaseInfo> {
    const created = await createTestDatabase();
    if (created.kind === 'postgres') return { created, url: created.url };
    return { created, url: await startEmbeddedPostgres(this.group, { pgliteDir: created.pgliteDir }) };
  }

  private async startApps(): Promise<void> {
    for (const app of APP_NAMES) this.ports[app] = await freePort();
    const env = appProcessEnv(this.environment(), true);
    for (const app of APP_NAMES) {
      const profiling = PROFILED_APPS.includes(app) && this.options.cpuProfileDir;
      const nodeArgs = profiling ? ['--require', resolve(__dirname, 'cpu-profile/profile-on-request.cjs')] : [];
      const child = this.group.start(app, process.execPath, appCommandLine(app, { production: true, nodeArgs }), {
        env: profiling
          ? { ...env, BENCH_CPU_PROFILE_DIR: this.options.cpuProfileDir, BENCH_CPU_PROFILE_APP: app }
          : env,
        logFile: this.logFile(app),
      });
      this.pids[app] = child.pid;
    }
    await Promise.race([
      Promise.all(APP_NAMES.map((app) => waitForHealthy(`${this.appUrl(app)}/health`, 90_000))),
      this.failure,
    ]);
  }

  private environment(): NodeJS.ProcessEnv {
    return {
      PATH: process.env['PATH'],
      NATS_URL: this.natsUrl,
      DATABASE_URL: this.database?.url,
      DATA_DIR: join(this.options.runDir, 'data'),
      DATABASE_MIGRATE_ON_START: 'false',
      ADMIN_TOKEN: this.adminToken,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: this.options.logLevel,
      ...Object.fromEntries(APP_NAMES.map((app) => [PORT_VARIABLES[app], String(this.ports[app])])),
      ...this.options.appEnv,
    };
  }
}

async function backendPids(database: string): Promise<number[]> {
  const client = new Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}
