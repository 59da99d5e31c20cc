import { createHmac } from 'node:crypto';
import type {
  InboundHeaders,
  VerificationContext,
  VerificationFailureReason,
  VerificationResult,
} from './inbound-verification.types';

const UNIX_SECONDS_PATTERN = /^\d{1,12}$/;

export function readHeader(headers: InboundHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = (typeof value === 'string' ? value : value?.[0])?.trim();
  return first ? first : undefined;
}

export function parseUnixSeconds(value: string): number | undefined {
  return UNIX_SECONDS_PATTERN.test(value) ? Number(value) : undefined;
}

export function isWithinTolerance(timestamp: number, context: VerificationContext): boolean {
  return Math.abs(context.nowSeconds - timestamp) <= context.toleranceSeconds;
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string | Buffer, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac(algorithm, key);
  parts.forEach((part) => mac.update(part));
  return mac.digest();
}

export function refuse(reason: VerificationFailureReason): VerificationResult {
  return { ok: false, reason };
}

/** Signature first, then freshness: a request that fails both learns only that its signature is wrong. */
export function acceptIfFresh(
  signatureMatches: boolean,
  timestamp: number,
  context: VerificationContext,
  senderEventId?: string,
): VerificationResult {
  if (!signatureMatches) return refuse('bad_signature');
  if (!isWithinTolerance(timestamp, context)) return refuse('stale_timestamp');
  return { ok: true, senderEventId, timestamp };
}
