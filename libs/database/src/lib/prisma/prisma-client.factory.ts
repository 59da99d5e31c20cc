import type { DatabaseTarget } from '../database-target';
import { PrismaClient } from '../../generated/prisma/client';
import { createDatabaseDriver } from './prisma-adapter.factory';

/** A PrismaClient for CLIs and tests; the caller owns it and must `$disconnect()` it. */
export function createPrismaClient(target: DatabaseTarget): PrismaClient {
  return new PrismaClient({ adapter: createDatabaseDriver(target).adapter });
}
