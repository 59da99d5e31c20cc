import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Prefixes of the identifiers Herald hands out, so an id says what it names (`evt_…`, `org_…`). */
export type IdPrefix =
  | 'evt'
  | 'org'
  | 'key'
  | 'rej'
  | 'ep'
  | 'dlv'
  | 'att'
  | 'src'
  | 'inb'
  | 'ntf'
  | 'tpl'
  | 'msg'
  | 'tpv'
  | 'stp'
  | 'rul'
  | 'dig'
  | 'thr';

/**
 * `<prefix>_` + a ULID in lower-case Crockford base32: 48 bits of milliseconds then 80 random bits.
 * Ids sort by creation time, which keeps cursor pagination and B-tree inserts cheap.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${encodeTime(now)}${encodeRandom(randomBytes(10))}`;
}

function encodeTime(ms: number): string {
  let value = ms;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}
