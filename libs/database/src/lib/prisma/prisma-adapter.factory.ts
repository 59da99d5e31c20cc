import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { Pool } from 'pg';
import { type DatabaseTarget, resolveDatabaseTarget } from '../database-target';
import { SharedPgliteAdapterFactory } from '../pglite/shared-pglite-adapter.factory';

const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process: the consumers run up to ~50 handlers at once, most of them one query at a time. */
const POOL_SIZE = 20;
/**
 * Prepared statements are planned at every execution, for the batch and the tables as they are
 * then. A cached generic plan is fixed by the statistics of the moment it was made: made while a
 * table was new and small it scans the table whole, and keeps doing so as the table grows until
 * an ANALYZE (which Postgres run without autovacuum never does). Prisma's own queries are
 * unnamed statements, planned at every execution anyway.
 */
const SESSION_OPTIONS = '-c plan_cache_mode=force_custom_plan';
/**
 * Connections stay open once made (pg closes an idle one after 10 s by default). The pool hands out
 * the most recently used connection first, so under steady load the rarely needed ones go idle, are
 * closed, and the next burst waits for new sessions that start with cold caches and re-prepare every
 * statement: latency spikes of a few hundred ms at 1,000 events/s.
 */
const IDLE_TIMEOUT_MS = 0;

/** Prisma's driver adapter, and on Postgres the pg pool under it (which prepared statements share). */
export type DatabaseDriver = { adapter: SqlDriverAdapterFactory; pool?: Pool };

/** The driver for a target: node-postgres for a URL, the shared PGlite otherwise. */
export function createDatabaseDriver(target: DatabaseTarget): DatabaseDriver {
  const resolved = resolveDatabaseTarget(target);
  if (resolved.kind === 'pglite') return { adapter: new SharedPgliteAdapterFactory(resolved.pgliteDir) };
  const pool = new Pool({
    connectionString: resolved.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: POOL_SIZE,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    keepAlive: true,
    options: SESSION_OPTIONS,
  });
  return { adapter: new PrismaPg(pool, { disposeExternalPool: true }), pool };
}
