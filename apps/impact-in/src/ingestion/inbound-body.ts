import type { InboundScheme } from '@herald/signing';
import { InboundRefusal } from './inbound-refusal';

export type BodyKind = 'json' | 'form' | 'text';

/** What each scheme's senders post: anything else is a body the scheme cannot carry (415). */
const ACCEPTED_KINDS: Record<InboundScheme, readonly BodyKind[]> = {
  stripe: ['json'],
  'standard-webhooks': ['json'],
  github: ['json', 'form'],
  twilio: ['form', 'json'],
  'hmac-sha256': ['json', 'form', 'text'],
};

/** Bodies Herald reads as they came; 1 MiB, exactly as docs/design.md promises. */
export const INBOUND_BODY_LIMIT_BYTES = 1024 * 1024;

export function bodyKindOf(contentType: string | undefined): BodyKind | undefined {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) return 'json';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'text/plain') return 'text';
  return undefined;
}

export function requireBodyKind(scheme: InboundScheme, contentType: string | undefined): BodyKind {
  const kind = bodyKindOf(contentType);
  if (!kind || !ACCEPTED_KINDS[scheme].includes(kind)) {
    const accepted = ACCEPTED_KINDS[scheme].map(mediaTypeOf).join(', ');
    throw new InboundRefusal(
      'unsupported_media_type',
      `a ${scheme} source takes ${accepted}, not ${contentType ?? 'a body without content-type'}`,
    );
  }
  return kind;
}

/**
 * The body as consumers get it in the envelope: parsed JSON, form fields (a repeated field as a
 * list; GitHub's form deliveries carry their JSON in `payload`), or `{text}`. Called only after
 * the signature is verified, over the same bytes.
 */
export function parseInboundBody(kind: BodyKind, rawBody: Buffer): unknown {
  const text = rawBody.toString('utf8');
  if (kind === 'text') return { text };
  if (kind === 'form') return unwrapPayload(formFields(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InboundRefusal('invalid_body', 'the body is not valid JSON');
  }
}

function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = fields[key];
    fields[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}

function unwrapPayload(fields: Record<string, string | string[]>): unknown {
  const keys = Object.keys(fields);
  const payload = fields['payload'];
  if (keys.length !== 1 || typeof payload !== 'string') return fields;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return fields;
  }
}

function mediaTypeOf(kind: BodyKind): string {
  return { json: 'application/json', form: 'application/x-www-form-urlencoded', text: 'text/plain' }[kind];
}
