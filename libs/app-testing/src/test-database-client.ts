import { createPrismaClient, type PrismaClient } from '@herald/database';

/** A client on the database the global setup made for this run (Postgres, or the PGlite fallback). */
export function testDatabaseClient(): PrismaClient {
  return createPrismaClient({ url: process.env['DATABASE_URL'], pgliteDir: process.env['PGLITE_DIR'] });
}
