import { createHash } from 'node:crypto';
import type { InboundHeaders, InboundScheme } from '@herald/signing';
import { EVENT_TYPE_PATTERN } from '@herald/events';
import type { SourceOptions } from '../sources/source-options';

/** What the sender says happened, and what makes a second delivery of it a duplicate. */
export type SenderEvent = { type: string; senderEventId: string | null; dedupKey: string };

export type SenderEventInput = {
  scheme: InboundScheme;
  options: SourceOptions | null;
  headers: InboundHeaders;
  rawBody: Buffer;
  data: unknown;
  /** The event id the verifier read where the scheme signs one (webhook-id, Stripe's body id, …). */
  verifiedId?: string;
};

const UNKNOWN_TYPE = 'unknown';
const MAX_READABLE_ID = 200;

type Described = { type: string | undefined; id: string | undefined };

const DESCRIBERS: Record<InboundScheme, (input: SenderEventInput) => Described> = {
  stripe: (input) => ({ type: textAt(input.data, 'type'), id: input.verifiedId ?? textAt(input.data, 'id') }),
  'standard-webhooks': (input) => ({
    type: textAt(input.data, 'type'),
    id: input.verifiedId ?? header(input.headers, 'webhook-id'),
  }),
  github: (input) => {
    const event = header(input.headers, 'x-github-event');
    const action = textAt(input.data, 'action');
    return { type: event && action ? `${event}.${action}` : event, id: header(input.headers, 'x-github-delivery') };
  },
  twilio: describeTwilio,
  'hmac-sha256': (input) => {
    const { options } = input;
    const type = options?.event_type_header
      ? header(input.headers, options.event_type_header)
      : textAt(input.data, options?.event_type_path ?? 'type');
    const id = options?.id_header
      ? (input.verifiedId ?? header(input.headers, options.id_header))
      : options?.id_path
        ? textAt(input.data, options.id_path)
        : undefined;
    return { type, id };
  },
};

export function describeSenderEvent(input: SenderEventInput): SenderEvent {
  const { type, id } = DESCRIBERS[input.scheme](input);
  return {
    type: type ?? UNKNOWN_TYPE,
    senderEventId: id ?? null,
    dedupKey: dedupKeyOf(id, input.rawBody),
  };
}

/** Ids stay readable in the key; an id too long for an index entry, and a body without one, are hashed. */
function dedupKeyOf(id: string | undefined, rawBody: Buffer): string {
  if (!id) return `sha256:${sha256Hex(rawBody)}`;
  return id.length <= MAX_READABLE_ID ? `id:${id}` : `id-sha256:${sha256Hex(Buffer.from(id))}`;
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The subject token of a sender's type: `inbound.<source>.<type>` needs lower-case words joined by
 * dots, so other characters become `_` and a word must start with a letter.
 */
export function subjectEventType(type: string): string {
  const words = type
    .toLowerCase()
    .split('.')
    .map((word) => word.replace(/[^a-z0-9_]/g, '_'))
    .filter((word) => word.length > 0)
    .map((word) => (/^[a-z]/.test(word) ? word : `x${word}`));
  const candidate = words.join('.');
  return EVENT_TYPE_PATTERN.test(candidate) ? candidate : UNKNOWN_TYPE;
}

/** Twilio status callbacks: one event per (message or call, status), as Twilio posts each status once. */
function describeTwilio(input: SenderEventInput): Described {
  const messageSid = textAt(input.data, 'MessageSid') ?? textAt(input.data, 'SmsSid');
  const callSid = textAt(input.data, 'CallSid');
  if (messageSid) {
    const status = textAt(input.data, 'MessageStatus') ?? textAt(input.data, 'SmsStatus') ?? 'received';
    return { type: `message.${status}`, id: `${messageSid}:${status}` };
  }
  if (callSid) {
    const status = textAt(input.data, 'CallStatus') ?? 'unknown';
    return { type: `call.${status}`, id: `${callSid}:${status}` };
  }
  return { type: 'request', id: header(input.headers, 'i-twilio-idempotency-token') };
}

/** A string or number at a dotted path (`data.object.id`, or `$.data.object.id`). */
export function textAt(value: unknown, path: string): string | undefined {
  let current = value;
  for (const key of path.replace(/^\$\./, '').split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'number' && Number.isFinite(current)) return String(current);
  return typeof current === 'string' && current.length > 0 ? current : undefined;
}

function header(headers: InboundHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = (typeof value === 'string' ? value : value?.[0])?.trim();
  return first ? first : undefined;
}
