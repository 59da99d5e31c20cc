import { anyPairMatches, decodeSignature } from '../constant-time';
import type { VerificationContext, VerificationResult } from './inbound-verification.types';
import { hmac, readHeader, refuse } from './verification-helpers';

const PREFIX = 'sha256=';

export function verifyGithub(context: VerificationContext): VerificationResult {
  const header = readHeader(context.headers, 'x-hub-signature-256');
  if (!header) return refuse('missing_signature');
  const received = header.startsWith(PREFIX) ? decodeSignature(header.slice(PREFIX.length), 'hex') : undefined;
  if (!received) return refuse('malformed');
  const expected = context.secrets.map((secret) => hmac('sha256', secret, context.rawBody));
  if (!anyPairMatches(expected, [received])) return refuse('bad_signature');
  return { ok: true, senderEventId: readHeader(context.headers, 'x-github-delivery') };
}
