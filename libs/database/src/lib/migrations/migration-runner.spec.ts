import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '@herald/testing';
import type { DatabaseTarget } from '../database-target';
import { acquirePglite } from '../pglite/pglite-registry';
import { migrationChecksum, readMigrationFiles } from './migration-files';
import type { MigrationRecord } from './migration-history';
import { applyMigrations, markMigrationRolledBack, type MigrationLogger } from './migration-runner';
import { MigrationError } from './migration.error';
import { openPostgresSession, pgliteSession, type SqlSession } from './sql-session';

jest.setTimeout(60_000);

const REPO_MIGRATIONS = join(__dirname, '../../../../../prisma/migrations');
const SHIPPED = readMigrationFiles(REPO_MIGRATIONS).map((migration) => migration.name);

type Fixture = { target: DatabaseTarget; dispose: () => Promise<void> };

/**
 * One database per backend for the whole suite; each test wipes its schema. On PGlite the suite
 * holds a lease, so every runner and probe shares the one open instance, as an app would.
 */
async function suiteDatabase(kind: 'harness' | 'pglite'): Promise<Fixture> {
  const database: TestDatabase =
    kind === 'harness'
      ? await createTestDatabase()
      : { kind: 'pglite', name: 'spec', pgliteDir: tempDir('herald-mig-db-') };
  if (database.kind === 'postgres') return { target: { url: database.url }, dispose: () => dropTestDatabase(database) };
  const lease = await acquirePglite(database.pgliteDir);
  const dispose = async () => {
    await lease.release();
    await dropTestDatabase(database);
  };
  return { target: { pgliteDir: database.pgliteDir }, dispose };
}

async function wipe(target: DatabaseTarget): Promise<void> {
  await withSession(target, (sql) => sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function withSession<T>(target: DatabaseTarget, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  if (target.url) {
    const session = await openPostgresSession(target.url);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }
  const lease = await acquirePglite(target.pgliteDir ?? '');
  try {
    return await work(pgliteSession(lease.db));
  } finally {
    await lease.release();
  }
}

function history(target: DatabaseTarget): Promise<MigrationRecord[]> {
  return withSession(target, (sql) =>
    sql.query<MigrationRecord>('SELECT * FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"'),
  );
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

const silent: MigrationLogger = { log: () => undefined, warn: () => undefined };

describe.each(['harness', 'pglite'] as const)('applyMigrations on %s', (kind) => {
  let database: Fixture;
  let migrationsDir: string;

  beforeAll(async () => {
    database = await suiteDatabase(kind);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  beforeEach(async () => {
    await wipe(database.target);
    migrationsDir = tempDir('herald-mig-files-');
    cpSync(REPO_MIGRATIONS, migrationsDir, { recursive: true });
  });

  afterEach(() => {
    rmSync(migrationsDir, { recursive: true, force: true });
  });

  const apply = (extra: { logger?: MigrationLogger } = {}) =>
    applyMigrations({ ...database.target, migrationsDir, logger: silent, ...extra });

  it('applies every migration once, in order, and nothing the second time', async () => {
    expect(await apply()).toEqual({ applied: SHIPPED, modified: [] });
    expect(await apply()).toEqual({ applied: [], modified: [] });
    expect((await history(database.target)).map((row) => row.migration_name)).toEqual(SHIPPED);
  });

  it('records each migration as Prisma does: sha256 of the file, finished, one step', async () => {
    await apply();

    const rows = await history(database.target);
    for (const row of rows) {
      const file = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row).toMatchObject({
        checksum: migrationChecksum(file),
        applied_steps_count: 1,
        logs: null,
        rolled_back_at: null,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it('rolls back a failing migration, records it failed, and refuses to go on until it is resolved', async () => {
    await apply();
    addMigration(
      migrationsDir,
      '20261201000000_broken',
      'CREATE TABLE "half_done" ("id" TEXT);\nSELECT * FROM "no_such_table";\n',
    );

    const failure = await apply().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure).toMatchObject({ code: 'P3018', migrationName: '20261201000000_broken' });
    const failed = (await history(database.target)).find((row) => row.migration_name === '20261201000000_broken');
    expect(failed).toMatchObject({ finished_at: null, applied_steps_count: 0, rolled_back_at: null });
    expect(failed?.logs).toContain('no_such_table');
    expect(await tableExists(database.target, 'half_done')).toBe(false);

    addMigration(migrationsDir, '20261202000000_later', 'CREATE TABLE "later" ("id" TEXT);');
    await expect(apply()).rejects.toMatchObject({ code: 'P3009', migrationName: '20261201000000_broken' });
    expect(await tableExists(database.target, 'later')).toBe(false);

    writeFileSync(
      join(migrationsDir, '20261201000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" TEXT);',
    );
    expect(await markMigrationRolledBack(database.target, '20261201000000_broken')).toBe(true);
    expect((await apply()).applied).toEqual(['20261201000000_broken', '20261202000000_later']);
  });

  it('warns about an applied migration whose file changed, and does not apply it again', async () => {
    await apply();
    const file = join(migrationsDir, SHIPPED[1], 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
    const warnings: string[] = [];

    const result = await apply({ logger: { log: () => undefined, warn: (message) => warnings.push(message) } });

    expect(result).toEqual({ applied: [], modified: [SHIPPED[1]] });
    expect(warnings).toEqual([`The migration \`${SHIPPED[1]}\` was modified after it was applied.`]);
    expect(await history(database.target)).toHaveLength(SHIPPED.length);
  });

  it('applies each migration exactly once when three runners start together', async () => {
    const results = await Promise.all([apply(), apply(), apply()]);

    expect(results.flatMap((result) => result.applied).sort()).toEqual(SHIPPED);
    const rows = await history(database.target);
    expect(rows.map((row) => row.migration_name)).toEqual(SHIPPED);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });
});

function tableExists(target: DatabaseTarget, table: string): Promise<boolean> {
  return withSession(target, async (sql) => {
    const [row] = await sql.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS "exists"', [
      `public.${table}`,
    ]);
    return row.exists;
  });
}
