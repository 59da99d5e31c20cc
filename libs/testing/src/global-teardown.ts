import './register-workspace-paths';
import { rmSync } from 'node:fs';
import type { TestRun } from './global-setup';
import { dropTestDatabase } from './test-database';

/** Removes what global-setup made: the nats-server, its store, the database and the data dir. */
export default async function globalTeardown(): Promise<void> {
  const run: TestRun | undefined = globalThis.heraldTestRun;
  if (!run) return;
  globalThis.heraldTestRun = undefined;
  await Promise.all([run.nats.dispose(), dropTestDatabase(run.database)]);
  rmSync(run.dataDir, { recursive: true, force: true });
}
