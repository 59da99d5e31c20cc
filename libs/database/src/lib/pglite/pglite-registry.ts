import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { claimPgliteDirectory } from './pglite-directory-claim';

/** A claim on a shared PGlite instance; `release` is idempotent. */
export type PgliteLease = { db: PGlite; dataDir: string; release: () => Promise<void> };

type OpenPglite = { db: PGlite; unclaim: () => void };
type RegistryEntry = { opening: Promise<OpenPglite>; refs: number };

type PgliteRegistry = {
  entries: Map<string, RegistryEntry>;
  closing: Map<string, Promise<void>>;
  locks: Map<string, Promise<unknown>>;
};

// PGlite is one Postgres backend in-process: two instances on one directory corrupt it. Every
// PrismaClient, migration run and test in this process shares one instance per directory. The
// registry hangs off globalThis so that duplicate copies of this module (bundled apps, Jest
// module isolation) still share it.
const REGISTRY_KEY = Symbol.for('herald.database.pglite-registry');

function registry(): PgliteRegistry {
  const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: PgliteRegistry };
  holder[REGISTRY_KEY] ??= { entries: new Map(), closing: new Map(), locks: new Map() };
  return holder[REGISTRY_KEY];
}

/** Opens (or joins) the process-wide PGlite instance for a directory. */
export async function acquirePglite(dir: string): Promise<PgliteLease> {
  const dataDir = resolve(dir);
  const { entries } = registry();
  let entry = entries.get(dataDir);
  if (!entry) {
    entry = { opening: openPglite(dataDir), refs: 0 };
    entries.set(dataDir, entry);
  }
  entry.refs += 1;
  const release = releaseOnce(dataDir, entry);
  try {
    return { db: (await entry.opening).db, dataDir, release };
  } catch (error) {
    await release().catch(() => undefined);
    throw new Error(`Could not open PGlite in ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
}

/** How many leases are open on a directory (0 when it is closed); for tests and diagnostics. */
export function pgliteLeaseCount(dir: string): number {
  return registry().entries.get(resolve(dir))?.refs ?? 0;
}

/**
 * Runs `work` while no other caller in this process runs work under the same key. PGlite has a
 * single session, so Postgres advisory locks cannot separate callers that share it.
 */
export async function withPgliteLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(dir);
  const { locks } = registry();
  const previous = locks.get(key) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(work);
  locks.set(key, current);
  try {
    return await current;
  } finally {
    if (locks.get(key) === current) locks.delete(key);
  }
}

async function openPglite(dataDir: string): Promise<OpenPglite> {
  // A previous instance on this directory may still be flushing and closing.
  await registry().closing.get(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const unclaim = claimPgliteDirectory(dataDir);
  try {
    return { db: await PGlite.create({ dataDir }), unclaim };
  } catch (error) {
    unclaim();
    throw error;
  }
}

function releaseOnce(dataDir: string, entry: RegistryEntry): () => Promise<void> {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    const { entries, closing } = registry();
    if (entries.get(dataDir) === entry) entries.delete(dataDir);
    const closed = closeQuietly(entry.opening).finally(() => {
      if (closing.get(dataDir) === closed) closing.delete(dataDir);
    });
    closing.set(dataDir, closed);
    await closed;
  };
}

async function closeQuietly(opening: Promise<OpenPglite>): Promise<void> {
  const open = await opening.catch(() => undefined);
  if (!open) return;
  try {
    if (!open.db.closed) await open.db.close();
  } finally {
    open.unclaim();
  }
}
