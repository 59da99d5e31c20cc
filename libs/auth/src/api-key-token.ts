import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'hrld_';
/** Characters of a key kept in clear beside its hash, so an operator can tell keys apart. */
const DISPLAY_PREFIX_LENGTH = 12;

export type IssuedToken = { key: string; hash: string; displayPrefix: string };

/**
 * API keys are 256 random bits, so a plain SHA-256 is a safe way to store them (no brute force
 * to slow down) and lets a request be authenticated with one indexed lookup.
 */
export function issueApiKeyToken(): IssuedToken {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length > KEY_PREFIX.length + 32;
}
