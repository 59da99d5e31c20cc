export { DatabaseModule } from './lib/database.module';
export { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from './lib/database-module.options';
export { type DatabaseTarget, describeDatabaseTarget } from './lib/database-target';
export { type PreparedStatement, PrismaService } from './lib/prisma/prisma.service';
export { createPrismaClient } from './lib/prisma/prisma-client.factory';
export {
  applyMigrations,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  markMigrationRolledBack,
  type MigrationLogger,
} from './lib/migrations/migration-runner';
export { MigrationError, type MigrationErrorCode } from './lib/migrations/migration.error';
export { findMigrationsDir, migrationChecksum, readMigrationFiles } from './lib/migrations/migration-files';
export { acquirePglite, type PgliteLease } from './lib/pglite/pglite-registry';
export { StatementBatcher } from './lib/batching/statement-batcher';
export * from './generated/prisma/client';
