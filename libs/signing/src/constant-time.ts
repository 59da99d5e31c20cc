import { timingSafeEqual } from 'node:crypto';

const HEX_PATTERN = /^(?:[0-9a-f]{2})+$/i;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

export type SignatureEncoding = 'hex' | 'base64';

/**
 * Compares in time that depends only on `expected`'s length, which is public (fixed by the digest algorithm).
 * On a length mismatch it still compares `expected` with itself, so the work done is the same either way.
 */
export function constantTimeEqual(expected: Buffer, received: Buffer): boolean {
  const sameLength = expected.length === received.length;
  return timingSafeEqual(expected, sameLength ? received : expected) && sameLength;
}

/** Checks every pair, without stopping at the first match, so timing does not reveal which secret matched. */
export function anyPairMatches(expected: readonly Buffer[], received: readonly Buffer[]): boolean {
  let matched = false;
  for (const candidate of expected) {
    for (const signature of received) {
      matched = constantTimeEqual(candidate, signature) || matched;
    }
  }
  return matched;
}

/** Decodes a received signature, or returns undefined when it is not valid text in that encoding. */
export function decodeSignature(value: string, encoding: SignatureEncoding): Buffer | undefined {
  const pattern = encoding === 'hex' ? HEX_PATTERN : BASE64_PATTERN;
  return pattern.test(value) ? Buffer.from(value, encoding) : undefined;
}
