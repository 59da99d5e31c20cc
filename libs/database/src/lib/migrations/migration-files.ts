import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type MigrationFile = { name: string; script: string; checksum: string };

const MIGRATIONS_SUBDIR = join('prisma', 'migrations');

/** Migrations in Prisma's layout (`<timestamp>_<name>/migration.sql`), in the order Prisma applies them. */
export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => readMigrationFile(migrationsDir, name));
}

function readMigrationFile(migrationsDir: string, name: string): MigrationFile {
  const bytes = readFileSync(join(migrationsDir, name, 'migration.sql'));
  return { name, script: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
}

/** Prisma's checksum: the hex SHA-256 of the migration.sql file. */
export function migrationChecksum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Finds `prisma/migrations` above the working directory or this file, so the runner works from
 * the workspace root, a project folder (Jest) or a built app alike.
 */
export function findMigrationsDir(startDirs: string[] = [process.cwd(), __dirname]): string {
  for (const start of startDirs) {
    const found = findUpwards(resolve(start));
    if (found) return found;
  }
  throw new Error(`No ${MIGRATIONS_SUBDIR} directory found above ${startDirs.join(' or ')}; pass migrationsDir`);
}

function findUpwards(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, MIGRATIONS_SUBDIR);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}
