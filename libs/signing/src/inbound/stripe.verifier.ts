import { anyPairMatches, decodeSignature } from '../constant-time';
import type { VerificationContext, VerificationResult } from './inbound-verification.types';
import { acceptIfFresh, hmac, parseUnixSeconds, readHeader, refuse } from './verification-helpers';

type StripeSignatureHeader = { timestampText: string; timestamp: number; signatures: Buffer[] };

export function verifyStripe(context: VerificationContext): VerificationResult {
  const header = readHeader(context.headers, 'stripe-signature');
  if (!header) return refuse('missing_signature');
  const parsed = parseStripeHeader(header);
  if (!parsed) return refuse('malformed');
  // Stripe's key is the whole `whsec_…` string, unlike Standard Webhooks.
  const expected = context.secrets.map((secret) => hmac('sha256', secret, `${parsed.timestampText}.`, context.rawBody));
  const matches = anyPairMatches(expected, parsed.signatures);
  return acceptIfFresh(matches, parsed.timestamp, context, jsonBodyId(context.rawBody));
}

/** `t=<ts>,v1=<hex>[,v1=…][,v0=…]`; only v1 entries count, as in Stripe's own library. */
function parseStripeHeader(header: string): StripeSignatureHeader | undefined {
  const pairs = header.split(',').map((item) => item.trim().split('='));
  const timestampText = pairs.find(([key]) => key === 't')?.[1];
  const timestamp = timestampText === undefined ? undefined : parseUnixSeconds(timestampText);
  const signatures = pairs
    .filter(([key, , ...rest]) => key === 'v1' && rest.length === 0)
    .map(([, value]) => decodeSignature(value ?? '', 'hex'))
    .filter((signature): signature is Buffer => signature !== undefined);
  if (timestampText === undefined || timestamp === undefined || signatures.length === 0) return undefined;
  return { timestampText, timestamp, signatures };
}

function jsonBodyId(rawBody: Buffer): string | undefined {
  try {
    const body: unknown = JSON.parse(rawBody.toString('utf8'));
    const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
