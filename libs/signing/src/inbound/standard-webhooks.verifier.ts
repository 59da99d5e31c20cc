import { anyPairMatches, decodeSignature } from '../constant-time';
import { parseWebhookSecret } from '../webhook-secret';
import type { InboundHeaders, VerificationContext, VerificationResult } from './inbound-verification.types';
import { acceptIfFresh, hmac, parseUnixSeconds, readHeader, refuse } from './verification-helpers';

export function verifyStandardWebhooks(context: VerificationContext): VerificationResult {
  const id = brandedHeader(context.headers, 'id');
  const timestampText = brandedHeader(context.headers, 'timestamp');
  const signatureHeader = brandedHeader(context.headers, 'signature');
  if (!id || !timestampText || !signatureHeader) return refuse('missing_signature');
  const timestamp = parseUnixSeconds(timestampText);
  const received = parseSignatureList(signatureHeader);
  if (timestamp === undefined || received.length === 0) return refuse('malformed');
  const keys = context.secrets.map(parseWebhookSecret);
  const expected = keys.map((key) => hmac('sha256', key, `${id}.${timestampText}.`, context.rawBody));
  return acceptIfFresh(anyPairMatches(expected, received), timestamp, context, id);
}

/** Svix-powered senders use `svix-*` names for the same headers. */
function brandedHeader(headers: InboundHeaders, name: 'id' | 'timestamp' | 'signature'): string | undefined {
  return readHeader(headers, `webhook-${name}`) ?? readHeader(headers, `svix-${name}`);
}

/** Space-separated `v1,<base64>` entries; other versions (e.g. asymmetric `v1a`) are not ours to check. */
function parseSignatureList(header: string): Buffer[] {
  return header
    .split(' ')
    .map((entry) => entry.split(','))
    .filter(([version, value, ...rest]) => version === 'v1' && value !== undefined && rest.length === 0)
    .map(([, value]) => decodeSignature(value, 'base64'))
    .filter((signature): signature is Buffer => signature !== undefined);
}
