import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/** Where the tests look for a Postgres server to create their databases in. */
export const TEST_POSTGRES_ADMIN_URL =
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase =
  | { kind: 'postgres'; name: string; url: string }
  | { kind: 'pglite'; name: string; pgliteDir: string };

/** True when a Postgres server answers at the admin URL; the harness falls back to PGlite when not. */
export async function postgresAvailable(adminUrl = TEST_POSTGRES_ADMIN_URL): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh, migrated database: on Postgres when one answers, else an embedded PGlite directory. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `herald_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (!(await postgresAvailable())) {
    const pgliteDir = mkdtempSync(join(tmpdir(), 'herald-pglite-'));
    const database: TestDatabase = { kind: 'pglite', name, pgliteDir };
    await migrate(database);
    return database;
  }
  await adminQuery(`CREATE DATABASE "${name}"`);
  const database: TestDatabase = { kind: 'postgres', name, url: databaseUrl(name) };
  await migrate(database);
  return database;
}

/**
 * A copy of a migrated Postgres database (CREATE DATABASE … TEMPLATE), so suites that want their
 * own data get it without running migrations again.
 */
export async function cloneTestDatabase(template: TestDatabase): Promise<TestDatabase> {
  if (template.kind === 'pglite') return createTestDatabase();
  const name = `${template.name}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
  return { kind: 'postgres', name, url: databaseUrl(name) };
}

export async function dropTestDatabase(database: TestDatabase): Promise<void> {
  if (database.kind === 'pglite') {
    rmSync(database.pgliteDir, { recursive: true, force: true });
    return;
  }
  await adminQuery(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`);
}

/** The environment variables that point an app (libs/config) at this database. */
export function databaseEnvironment(database: TestDatabase): Record<string, string> {
  return database.kind === 'postgres' ? { DATABASE_URL: database.url } : { PGLITE_DIR: database.pgliteDir };
}

const WORKSPACE_ROOT = join(__dirname, '../../..');

/**
 * Migrates with `npm run db:migrate`'s own script, in a child process: the same path a user takes,
 * and the embedded PGlite is closed again before the tests open it.
 */
async function migrate(database: TestDatabase): Promise<void> {
  const tsx = require.resolve('tsx/cli', { paths: [WORKSPACE_ROOT] });
  await promisify(execFile)(process.execPath, [tsx, '--tsconfig', 'tsconfig.base.json', 'tools/db/migrate.ts'], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'], ...databaseEnvironment(database) },
  });
}

function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
