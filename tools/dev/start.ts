/**
 * `npm start`: the whole stack on one machine with nothing but Node and nats-server.
 * `npm run start:prod` (`--prod`): the same stack and environment, the apps run as production
 * processes (NODE_ENV=production, plain `node` on the built bundles, no source-map translation).
 * NATS: NATS_URL if it answers, else a nats-server started here (store in .data/nats).
 * Postgres: DATABASE_URL if set, else embedded PGlite in .data/pglite, served to the apps over
 * the Postgres protocol so three processes can share it. Then migrations, a build, the apps.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_NAMES, type AppName, DEFAULT_PORTS, PORT_VARIABLES, readOrCreateDevSecret } from '@herald/config';
import { applyMigrations } from '@herald/database';
import { appCommandLine, appProcessEnv, buildAppBundles } from './apps';
import { startEmbeddedPostgres, startNatsServer } from './infrastructure';
import { ProcessGroup } from './processes';
import { onPath, tcpAnswers, waitForHealthy } from './probes';

const dataDir = resolve(process.env['DATA_DIR'] || '.data');
const group = new ProcessGroup();
const { values: flags } = parseArgs({ options: { prod: { type: 'boolean', default: false } } });
const production = flags.prod === true;

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const natsUrl = await ensureNats();
  const databaseUrl = await ensureDatabase();
  const { applied } = await applyMigrations({ url: databaseUrl });
  console.log(applied.length > 0 ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
  await buildApps();
  const env = appEnvironment(natsUrl, databaseUrl);
  for (const app of APP_NAMES)
    group.start(app, process.execPath, appCommandLine(app, { production }), { env: appProcessEnv(env, production) });
  await Promise.all(APP_NAMES.map((app) => waitForHealthy(`${appUrl(app)}/health`, 60_000)));
  printSummary(env);
}

async function ensureNats(): Promise<string> {
  const url = process.env['NATS_URL'] || 'nats://127.0.0.1:4222';
  const { hostname, port } = new URL(url.split(',')[0].replace(/^(nats|tls):/, 'http:'));
  const natsPort = Number(port || 4222);
  if (await tcpAnswers(hostname, natsPort)) {
    console.log(`using NATS at ${url}`);
    return url;
  }
  if (!onPath('nats-server')) {
    throw new Error(
      `no NATS answers at ${url} and nats-server is not on PATH.\n` +
        '  Install it (Debian/Ubuntu: apt-get install nats-server; macOS: brew install nats-server;\n' +
        '  or a release from https://github.com/nats-io/nats-server/releases), or point NATS_URL at a\n' +
        '  server with JetStream enabled (docker run -p 4222:4222 nats -js).',
    );
  }
  const storeDir = resolve(dataDir, 'nats');
  const local = await startNatsServer(group, { port: natsPort, storeDir });
  console.log(`started nats-server -js at ${local} (store ${storeDir})`);
  return local;
}

async function ensureDatabase(): Promise<string> {
  if (process.env['DATABASE_URL']) {
    console.log('using Postgres at DATABASE_URL');
    return process.env['DATABASE_URL'];
  }
  const pgliteDir = resolve(process.env['PGLITE_DIR'] || resolve(dataDir, 'pglite'));
  const url = await startEmbeddedPostgres(group, {
    pgliteDir,
    port: Number(process.env['PGLITE_PORT'] ?? 0),
  });
  console.log(`embedded Postgres (PGlite) in ${pgliteDir}, served at ${url}`);
  return url;
}

async function buildApps(): Promise<void> {
  console.log('building the apps (cached after the first run)…');
  await buildAppBundles(group);
}

function appEnvironment(natsUrl: string, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DATABASE_MIGRATE_ON_START: 'false',
    ADMIN_TOKEN: process.env['ADMIN_TOKEN'] || readOrCreateDevSecret(dataDir, 'adminToken'),
    SECRETS_KEY: process.env['SECRETS_KEY'] || readOrCreateDevSecret(dataDir, 'secretsKey'),
  };
}

function appPort(app: AppName): number {
  return Number(process.env[PORT_VARIABLES[app]] || DEFAULT_PORTS[app]);
}

function appUrl(app: AppName): string {
  return `http://127.0.0.1:${appPort(app)}`;
}

function printSummary(env: NodeJS.ProcessEnv): void {
  const rows = APP_NAMES.map((app) => `  ${app.padEnd(14)} ${appUrl(app)}   (API reference: ${appUrl(app)}/docs)`);
  const token = process.env['ADMIN_TOKEN']
    ? '(from ADMIN_TOKEN)'
    : `${env['ADMIN_TOKEN']}   (generated, kept in .data/admin-token)`;
  console.log(
    [
      '',
      `Herald is up${production ? ' (production mode)' : ''}:`,
      ...rows,
      '',
      `  admin token    ${token}`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

let stopping: Promise<never> | undefined;

function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log('stopping Herald…');
    await group.stopAll();
    process.exit(code);
  })();
  return stopping;
}

group.onUnexpectedExit = (name, code, signal) => {
  if (name === 'build') return;
  console.error(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the stack`);
  void shutdown(1);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
watchParent();

/**
 * npm does not pass SIGTERM on to the script it runs: when whoever started us is gone (we were
 * re-parented), stop the stack rather than leave it running unowned.
 */
function watchParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 500).unref();
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
