import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_SECRET_FILES = { adminToken: 'admin-token', secretsKey: 'secrets-key' } as const;

const generators: Record<keyof typeof DEV_SECRET_FILES, () => string> = {
  adminToken: () => `adm_${randomBytes(24).toString('base64url')}`,
  secretsKey: () => randomBytes(32).toString('base64'),
};

/**
 * A development secret kept in the data directory, so every app of a local stack (and every
 * restart) agrees on it. Created atomically: apps starting side by side read the same value.
 */
export function readOrCreateDevSecret(dataDir: string, name: keyof typeof DEV_SECRET_FILES): string {
  const file = join(dataDir, DEV_SECRET_FILES[name]);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, generators[name](), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
