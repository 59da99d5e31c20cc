import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { type DatabaseTarget, resolveDatabaseTarget } from '../database-target';
import { SharedPgliteAdapterFactory } from '../pglite/shared-pglite-adapter.factory';

const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process: the consumers run up to ~50 handlers at once, most of them one query at a time. */
const POOL_SIZE = 20;

/** The Prisma driver adapter for a target: node-postgres for a URL, the shared PGlite otherwise. */
export function createAdapterFactory(target: DatabaseTarget): SqlDriverAdapterFactory {
  const resolved = resolveDatabaseTarget(target);
  if (resolved.kind === 'pglite') return new SharedPgliteAdapterFactory(resolved.pgliteDir);
  return new PrismaPg({
    connectionString: resolved.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: POOL_SIZE,
  });
}
