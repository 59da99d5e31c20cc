import { createHash } from 'node:crypto';
import { anyPairMatches, constantTimeEqual, decodeSignature } from '../constant-time';
import type { VerificationContext, VerificationResult } from './inbound-verification.types';
import { hmac, readHeader, refuse } from './verification-helpers';

const URL_AUTHORITY_PATTERN = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

/**
 * `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, url + sorted form params). JSON bodies are
 * signed over the url alone, whose `bodySHA256` query parameter carries the body's hex SHA-256.
 */
export function verifyTwilio(context: VerificationContext): VerificationResult {
  const header = readHeader(context.headers, 'x-twilio-signature');
  if (!header) return refuse('missing_signature');
  const received = decodeSignature(header, 'base64');
  if (!received) return refuse('malformed');
  const url = requireUrl(context.url);
  const bodyHash = new URL(url).searchParams.get('bodySHA256');
  const params = bodyHash === null ? formParams(context) : '';
  const expected = context.secrets.flatMap((token) =>
    urlVariants(url).map((candidate) => hmac('sha1', token, candidate, params)),
  );
  const signatureMatches = anyPairMatches(expected, [received]);
  const bodyMatches =
    bodyHash === null || constantTimeEqual(Buffer.from(sha256Hex(context.rawBody)), Buffer.from(bodyHash));
  if (!signatureMatches || !bodyMatches) return refuse('bad_signature');
  return { ok: true, senderEventId: readHeader(context.headers, 'i-twilio-idempotency-token') };
}

function requireUrl(url: string | undefined): string {
  if (!url || !URL.canParse(url)) {
    throw new Error('The twilio scheme needs the full request URL the sender called');
  }
  return url;
}

/** Keys sorted; a repeated key contributes each distinct value in sorted order, as Twilio's own helper does. */
function formParams(context: VerificationContext): string {
  const contentType = readHeader(context.headers, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return '';
  const grouped = new Map<string, Set<string>>();
  for (const [key, value] of new URLSearchParams(context.rawBody.toString('utf8'))) {
    grouped.set(key, (grouped.get(key) ?? new Set<string>()).add(value));
  }
  return [...grouped.keys()]
    .sort()
    .map((key) =>
      [...(grouped.get(key) ?? [])]
        .sort()
        .map((value) => key + value)
        .join(''),
    )
    .join('');
}

/** Proxies add or drop the default port, so Twilio's helpers accept the url with and without it. */
function urlVariants(url: string): string[] {
  const match = URL_AUTHORITY_PATTERN.exec(url);
  if (!match) return [url];
  const [, scheme, authority, rest] = match;
  const hostStart = Math.max(authority.lastIndexOf('@'), authority.lastIndexOf(']')) + 1;
  const portStart = authority.indexOf(':', hostStart);
  const withoutPort = portStart === -1 ? authority : authority.slice(0, portStart);
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  const withPort = portStart === -1 ? `${authority}${defaultPort}` : authority;
  return [...new Set([url, scheme + withoutPort + rest, scheme + withPort + rest])];
}

function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
