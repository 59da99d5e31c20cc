import { anyPairMatches, decodeSignature } from '../constant-time';
import type { HmacSha256Options, VerificationContext, VerificationResult } from './inbound-verification.types';
import { acceptIfFresh, hmac, parseUnixSeconds, readHeader, refuse } from './verification-helpers';

export function verifyHmacSha256(context: VerificationContext): VerificationResult {
  const options = requireOptions(context.options);
  const header = readHeader(context.headers, options.header);
  if (!header) return refuse('missing_signature');
  const prefix = options.prefix ?? '';
  const received = header.startsWith(prefix)
    ? decodeSignature(header.slice(prefix.length), options.encoding)
    : undefined;
  if (!received) return refuse('malformed');
  const senderEventId = options.idHeader ? readHeader(context.headers, options.idHeader) : undefined;
  if (!options.timestampHeader) {
    const expected = context.secrets.map((secret) => hmac('sha256', secret, context.rawBody));
    return anyPairMatches(expected, [received]) ? { ok: true, senderEventId } : refuse('bad_signature');
  }
  const timestampText = readHeader(context.headers, options.timestampHeader);
  if (!timestampText) return refuse('missing_signature');
  const timestamp = parseUnixSeconds(timestampText);
  if (timestamp === undefined) return refuse('malformed');
  const expected = context.secrets.map((secret) => hmac('sha256', secret, `${timestampText}.`, context.rawBody));
  return acceptIfFresh(anyPairMatches(expected, [received]), timestamp, context, senderEventId);
}

function requireOptions(options: HmacSha256Options | undefined): HmacSha256Options {
  if (!options?.header || (options.encoding !== 'hex' && options.encoding !== 'base64')) {
    throw new Error('The hmac-sha256 scheme needs options { header, encoding: "hex" | "base64" }');
  }
  return options;
}
