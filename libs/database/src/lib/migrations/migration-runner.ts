import { resolveDatabaseTarget, type DatabaseTarget } from '../database-target';
import { acquirePglite, withPgliteLock } from '../pglite/pglite-registry';
import { MigrationError } from './migration.error';
import { findMigrationsDir, type MigrationFile, readMigrationFiles } from './migration-files';
import {
  activeRecords,
  ensureMigrationsTable,
  type MigrationRecord,
  PRISMA_ADVISORY_LOCK_ID,
  recordFailed,
  recordFinished,
  recordRolledBack,
  recordStarted,
} from './migration-history';
import { openPostgresSession, pgliteSession, type SqlSession } from './sql-session';

export type MigrationLogger = { log(message: string): void; warn(message: string): void };

export type ApplyMigrationsOptions = DatabaseTarget & {
  /** Defaults to the nearest `prisma/migrations` above the working directory. */
  migrationsDir?: string;
  logger?: MigrationLogger;
  /** How long to wait for another runner's advisory lock (Postgres only). */
  lockTimeoutMs?: number;
};

export type ApplyMigrationsResult = {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Applied migrations whose file changed since; reported, never re-applied. */
  modified: string[];
};

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const LOCK_NOT_AVAILABLE = '55P03';

const defaultLogger: MigrationLogger = { log: () => undefined, warn: (message) => console.warn(message) };

/**
 * Applies pending migrations the way `prisma migrate deploy` does and records them in
 * `_prisma_migrations`, so either tool can take over from the other.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const migrations = readMigrationFiles(options.migrationsDir ?? findMigrationsDir());
  const logger = options.logger ?? defaultLogger;
  return withMigrationSession(options, (session) => runMigrations(session, migrations, logger));
}

/** Marks a failed migration rolled back (`prisma migrate resolve --rolled-back`); returns false if none was failed. */
export async function markMigrationRolledBack(target: DatabaseTarget, migrationName: string): Promise<boolean> {
  return withMigrationSession(target, async (session) => {
    await ensureMigrationsTable(session);
    return (await recordRolledBack(session, migrationName)) > 0;
  });
}

async function runMigrations(
  session: SqlSession,
  migrations: MigrationFile[],
  logger: MigrationLogger,
): Promise<ApplyMigrationsResult> {
  await ensureMigrationsTable(session);
  const history = await activeRecords(session);
  assertNoFailedMigration(history);
  const modified = reportModified(migrations, history, logger);
  const done = new Set(history.filter((record) => record.finished_at).map((record) => record.migration_name));
  const applied: string[] = [];
  for (const migration of migrations.filter((candidate) => !done.has(candidate.name))) {
    if (await applyOne(session, migration)) {
      applied.push(migration.name);
      logger.log(`Applied migration ${migration.name}`);
    }
  }
  return { applied, modified };
}

/**
 * One migration in one transaction, with its record. Re-checks the history inside the
 * transaction: behind a multiplexing PGlite server every client shares one session, so the
 * advisory lock cannot keep two runners apart there, but a transaction does.
 */
async function applyOne(session: SqlSession, migration: MigrationFile): Promise<boolean> {
  try {
    return await session.transaction((tx) => applyInTransaction(tx, migration));
  } catch (error) {
    if (!(error instanceof ScriptFailure)) throw error;
    await recordFailed(session, migration.name, migration.checksum, error.logs);
    throw MigrationError.failedToApply(migration.name, error.logs, error.cause);
  }
}

async function applyInTransaction(tx: SqlSession, migration: MigrationFile): Promise<boolean> {
  const records = await activeRecords(tx, migration.name);
  if (records.some((record) => record.finished_at)) return false;
  assertNoFailedMigration(records);
  const id = await recordStarted(tx, migration.name, migration.checksum);
  try {
    await tx.exec(migration.script);
  } catch (error) {
    throw new ScriptFailure(databaseErrorLogs(error), error);
  }
  await recordFinished(tx, id);
  return true;
}

/** The migration's own SQL failed (as opposed to the runner's bookkeeping). */
class ScriptFailure extends Error {
  constructor(
    readonly logs: string,
    cause: unknown,
  ) {
    super(logs, { cause });
  }
}

function assertNoFailedMigration(records: MigrationRecord[]): void {
  const failed = records.find((record) => !record.finished_at);
  if (failed) throw MigrationError.blockedByFailed(failed.migration_name, failed.started_at, failed.logs);
}

function reportModified(migrations: MigrationFile[], history: MigrationRecord[], logger: MigrationLogger): string[] {
  const checksums = new Map(history.map((record) => [record.migration_name, record.checksum]));
  const modified = migrations.filter((migration) => {
    const recorded = checksums.get(migration.name);
    return recorded !== undefined && recorded !== migration.checksum;
  });
  for (const migration of modified)
    logger.warn(`The migration \`${migration.name}\` was modified after it was applied.`);
  return modified.map((migration) => migration.name);
}

/** Prisma's log format for a failed script: the database error code and message. */
function databaseErrorLogs(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return `${typeof code === 'string' ? `Database error code: ${code}\n\n` : ''}Database error:\nERROR: ${text}`;
}

async function withMigrationSession<T>(
  options: DatabaseTarget & { lockTimeoutMs?: number },
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const resolved = resolveDatabaseTarget(options);
  if (resolved.kind === 'pglite') return withPgliteSession(resolved.pgliteDir, work);
  return withPostgresSession(resolved.url, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, work);
}

async function withPgliteSession<T>(dir: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
  return withPgliteLock(dir, async () => {
    const lease = await acquirePglite(dir);
    try {
      return await work(pgliteSession(lease.db));
    } finally {
      await lease.release();
    }
  });
}

async function withPostgresSession<T>(
  url: string,
  lockTimeoutMs: number,
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const session = await openPostgresSession(url);
  try {
    await acquireAdvisoryLock(session, lockTimeoutMs);
    try {
      return await work(session);
    } finally {
      // Explicitly: behind a PGlite socket server the session outlives this connection.
      await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_ID]).catch(() => undefined);
    }
  } finally {
    await session.close();
  }
}

async function acquireAdvisoryLock(session: SqlSession, timeoutMs: number): Promise<void> {
  await session.exec(`SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
  try {
    await session.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_ID]);
  } catch (error) {
    if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) throw error;
    throw new Error(
      `Timed out after ${timeoutMs} ms waiting for another migration run (pg_advisory_lock(${PRISMA_ADVISORY_LOCK_ID}))`,
      { cause: error },
    );
  } finally {
    await session.exec('RESET lock_timeout');
  }
}
