/**
 * `npm run db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL, or to
 * the embedded PGlite in PGLITE_DIR (default `<DATA_DIR>/pglite`, DATA_DIR default `.data`).
 *
 *   npm run db:migrate                            apply what is pending
 *   npm run db:migrate -- --rolled-back <name>    after repairing a failed migration, let it run again
 *
 * Reads only the database variables, not loadConfig(): a migration job must not need the apps'
 * secrets (loadConfig demands ADMIN_TOKEN and SECRETS_KEY in production).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyMigrations,
  type DatabaseTarget,
  describeDatabaseTarget,
  markMigrationRolledBack,
} from '@herald/database';

function targetFromEnv(env: NodeJS.ProcessEnv): DatabaseTarget {
  if (env['DATABASE_URL']) return { url: env['DATABASE_URL'] };
  const dataDir = env['DATA_DIR'] || '.data';
  return { pgliteDir: resolve(env['PGLITE_DIR'] || `${dataDir}/pglite`) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'rolled-back': { type: 'string' }, 'migrations-dir': { type: 'string' } },
  });
  const target = targetFromEnv(process.env);
  console.log(`Database: ${describeDatabaseTarget(target)}`);
  const rolledBack = values['rolled-back'];
  if (rolledBack) {
    const marked = await markMigrationRolledBack(target, rolledBack);
    console.log(marked ? `Marked ${rolledBack} as rolled back.` : `No failed migration named ${rolledBack}.`);
    return;
  }
  const { applied } = await applyMigrations({ ...target, migrationsDir: values['migrations-dir'], logger: console });
  console.log(applied.length > 0 ? `Applied ${applied.length} migration(s).` : 'No pending migrations.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
