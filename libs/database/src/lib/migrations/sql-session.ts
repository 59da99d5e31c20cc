import type { PGlite, Transaction } from '@electric-sql/pglite';
import { Client } from 'pg';

/** The few operations the migration runner needs, over node-postgres or PGlite alike. */
export type SqlSession = {
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements (simple query protocol). */
  exec(script: string): Promise<void>;
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
};

export type ClosableSqlSession = SqlSession & { close(): Promise<void> };

const CONNECT_TIMEOUT_MS = 10_000;

export async function openPostgresSession(url: string): Promise<ClosableSqlSession> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  const session: ClosableSqlSession = {
    query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    exec: async (script) => {
      await client.query(script);
    },
    transaction: (work) => postgresTransaction(session, work),
    close: () => client.end(),
  };
  return session;
}

async function postgresTransaction<T>(session: SqlSession, work: (session: SqlSession) => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    const result = await work(session);
    await session.exec('COMMIT');
    return result;
  } catch (error) {
    // Keep the migration's own error, not a failure to roll back a broken connection.
    await session.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export function pgliteSession(db: PGlite | Transaction): SqlSession {
  return {
    query: async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
    transaction: (work) => {
      if (!('transaction' in db)) throw new Error('PGlite transactions do not nest');
      return db.transaction((tx) => work(pgliteSession(tx)));
    },
  };
}
