import { randomUUID } from 'node:crypto';
import type { SqlSession } from './sql-session';

/** Prisma's own lock id for `migrate deploy`, so our runner and Prisma's exclude each other. */
export const PRISMA_ADVISORY_LOCK_ID = 72707369;

/** The table exactly as Prisma's schema engine creates it. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationRecord = {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

export async function ensureMigrationsTable(session: SqlSession): Promise<void> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
}

/** Records that are neither rolled back nor superseded: what Prisma considers the history. */
export function activeRecords(session: SqlSession, migrationName?: string): Promise<MigrationRecord[]> {
  const byName = migrationName === undefined ? '' : 'AND "migration_name" = $1';
  return session.query<MigrationRecord>(
    `SELECT * FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL ${byName} ORDER BY "started_at", "migration_name"`,
    migrationName === undefined ? [] : [migrationName],
  );
}

export async function recordStarted(session: SqlSession, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  await session.query('INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name") VALUES ($1, $2, $3)', [
    id,
    checksum,
    name,
  ]);
  return id;
}

export async function recordFinished(session: SqlSession, id: string): Promise<void> {
  await session.query(
    'UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = "applied_steps_count" + 1 WHERE "id" = $1',
    [id],
  );
}

/** A failed attempt: like Prisma, a row with its logs and no finished_at, which blocks later runs. */
export async function recordFailed(session: SqlSession, name: string, checksum: string, logs: string): Promise<void> {
  await session.query(
    'INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs") VALUES ($1, $2, $3, $4)',
    [randomUUID(), checksum, name, logs],
  );
}

/** What `prisma migrate resolve --rolled-back` does: the failed attempt stops blocking and is retried. */
export async function recordRolledBack(session: SqlSession, name: string): Promise<number> {
  const rows = await session.query<{ id: string }>(
    `UPDATE "_prisma_migrations" SET "rolled_back_at" = now()
     WHERE "migration_name" = $1 AND "finished_at" IS NULL AND "rolled_back_at" IS NULL RETURNING "id"`,
    [name],
  );
  return rows.length;
}
