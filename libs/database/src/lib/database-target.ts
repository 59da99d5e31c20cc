/** Where the data lives: Postgres when `url` is set, else embedded PGlite in `pgliteDir`. */
export type DatabaseTarget = { url?: string; pgliteDir?: string };

export type ResolvedDatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; pgliteDir: string };

export function resolveDatabaseTarget(target: DatabaseTarget): ResolvedDatabaseTarget {
  if (target.url) return { kind: 'postgres', url: target.url };
  if (target.pgliteDir) return { kind: 'pglite', pgliteDir: target.pgliteDir };
  throw new Error('No database configured: set DATABASE_URL, or PGLITE_DIR for embedded PGlite');
}

/** A description safe for logs: the URL without its password. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  const resolved = resolveDatabaseTarget(target);
  if (resolved.kind === 'pglite') return `PGlite in ${resolved.pgliteDir}`;
  try {
    const url = new URL(resolved.url);
    if (url.password) url.password = '***';
    return `Postgres at ${url.toString()}`;
  } catch {
    return 'Postgres (unparseable DATABASE_URL)';
  }
}
