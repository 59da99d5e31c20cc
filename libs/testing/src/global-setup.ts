import './register-workspace-paths';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServerProcess } from './nats-server';
import { createTestDatabase, databaseEnvironment, type TestDatabase } from './test-database';

export type TestRun = { nats: NatsServerProcess; database: TestDatabase; dataDir: string };

declare global {
  var heraldTestRun: TestRun | undefined;
}

/**
 * Jest global setup for the e2e suites: a private nats-server on a free port and a fresh, migrated
 * database, handed to the suites (and the apps they start) through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const [nats, database] = await Promise.all([NatsServerProcess.start(), createTestDatabase()]);
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-data-'));
  globalThis.heraldTestRun = { nats, database, dataDir };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    NATS_URL: nats.url,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: `test-admin-${randomBytes(12).toString('hex')}`,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    DATABASE_MIGRATE_ON_START: 'false',
    ...databaseEnvironment(database),
  });
}
