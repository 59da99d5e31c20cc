import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const RANDOM_BYTES_PER_ID = 10;
/** Random bytes are drawn from the system in blocks: one call per ~400 ids instead of one per id. */
const RANDOM_BLOCK_BYTES = 4096;

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

const randomBlock = Buffer.alloc(RANDOM_BLOCK_BYTES - (RANDOM_BLOCK_BYTES % RANDOM_BYTES_PER_ID));
let randomOffset = randomBlock.length;

/**
 * `<prefix>_` + a ULID in lower-case Crockford base32: 48 bits of milliseconds then 80 random bits.
 * Ids sort by creation time, which keeps cursor pagination and B-tree inserts cheap.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  if (randomOffset === randomBlock.length) {
    randomFillSync(randomBlock);
    randomOffset = 0;
  }
  const at = randomOffset;
  randomOffset += RANDOM_BYTES_PER_ID;
  return `${prefix}_${encodeBase32(now, 10)}${encodeBase32(fortyBits(at), 8)}${encodeBase32(fortyBits(at + 5), 8)}`;
}

/** Five random bytes from `offset` as one number (40 bits fit a double exactly). */
function fortyBits(offset: number): number {
  return randomBlock[offset] * 2 ** 32 + randomBlock.readUInt32BE(offset + 1);
}

/** `value`'s lowest `digits` × 5 bits, most significant first. */
function encodeBase32(value: number, digits: number): string {
  let rest = value;
  let out = '';
  for (let i = 0; i < digits; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}
