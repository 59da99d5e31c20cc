import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OWNER_FILE = '.herald-owner.pid';

/**
 * Marks a PGlite directory as open in this process. PGlite writes a postmaster.pid but does not
 * honour it: a second process opening the same directory corrupts it. Returns the release.
 */
export function claimPgliteDirectory(dataDir: string): () => void {
  const file = join(dataDir, OWNER_FILE);
  const owner = readOwner(file);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `${dataDir} is already open in process ${owner}; PGlite allows one process per directory ` +
        '(run tools/db/pglite-server.ts and connect through DATABASE_URL to share it)',
    );
  }
  writeFileSync(file, String(process.pid));
  return () => {
    if (readOwner(file) === process.pid) rmSync(file, { force: true });
  };
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
