/**
 * True when a NATS subject matches a pattern: `*` matches exactly one token, a trailing `>` one
 * or more tokens.
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  const patternTokens = pattern.split('.');
  const subjectTokens = subject.split('.');
  for (let i = 0; i < patternTokens.length; i++) {
    const token = patternTokens[i];
    if (token === '>') return subjectTokens.length > i;
    if (i >= subjectTokens.length) return false;
    if (token !== '*' && token !== subjectTokens[i]) return false;
  }
  return patternTokens.length === subjectTokens.length;
}

/** True when every subject a consumer's filter can deliver is matched by the handler pattern. */
export function patternCovers(pattern: string, filter: string): boolean {
  const patternTokens = pattern.split('.');
  const filterTokens = filter.split('.');
  for (let i = 0; i < filterTokens.length; i++) {
    const token = patternTokens[i];
    if (token === '>') return true;
    if (token === undefined || filterTokens[i] === '>') return false;
    if (token !== '*' && token !== filterTokens[i]) return false;
  }
  return patternTokens.length === filterTokens.length;
}

/** True when some subject is matched by both patterns. */
export function patternsOverlap(a: string, b: string): boolean {
  const aTokens = a.split('.');
  const bTokens = b.split('.');
  for (let i = 0; i < Math.min(aTokens.length, bTokens.length); i++) {
    if (aTokens[i] === '>' || bTokens[i] === '>') return true;
    if (aTokens[i] !== '*' && bTokens[i] !== '*' && aTokens[i] !== bTokens[i]) return false;
  }
  return aTokens.length === bTokens.length;
}

type Entry<T> = { pattern: string; ranks: number[]; value: T };

const LITERAL = 0;
const STAR = 1;
const TAIL = 2;

/**
 * Finds the handler for a subject among wildcard patterns (Nest looks handlers up by exact
 * string). When several match, the most specific wins: compared token by token from the left, a
 * literal beats `*`, and `*` beats `>`.
 */
export class SubjectMatcher<T> {
  private readonly entries: Entry<T>[];

  constructor(patterns: Iterable<readonly [string, T]>) {
    this.entries = [...patterns]
      .map(([pattern, value]) => ({ pattern, value, ranks: pattern.split('.').map(rankOf) }))
      .sort((a, b) => compareRanks(a.ranks, b.ranks));
  }

  match(subject: string): { pattern: string; value: T } | undefined {
    const entry = this.entries.find(({ pattern }) => subjectMatches(pattern, subject));
    return entry && { pattern: entry.pattern, value: entry.value };
  }

  get size(): number {
    return this.entries.length;
  }
}

function rankOf(token: string): number {
  if (token === '>') return TAIL;
  return token === '*' ? STAR : LITERAL;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    // A pattern that ends earlier is a prefix with no wildcard left: treat it as more specific.
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
