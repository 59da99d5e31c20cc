import { z } from 'zod';

/** Event types are lower-case words joined by dots or underscores: `invoice.paid`, `lead_won`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Ids and org ids travel inside NATS subjects, so they may not contain separators or wildcards. */
export const SUBJECT_TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

export const eventEnvelopeSchema = z.object({
  id: z.string().min(1).max(128).regex(SUBJECT_TOKEN_PATTERN, 'may contain only letters, digits, "_" and "-"'),
  type: z.string().min(1).max(128).regex(EVENT_TYPE_PATTERN, 'must be lower-case words joined by "." or "_"'),
  org_id: z.string().min(1).max(128).regex(SUBJECT_TOKEN_PATTERN, 'may contain only letters, digits, "_" and "-"'),
  created_at: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

/** What platform services publish on `events.<org_id>.<type>`. */
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export type EnvelopeParseResult = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

/** Parses raw message bytes into an envelope, or says in one line why they are not one. */
export function parseEventEnvelope(payload: Uint8Array | string): EnvelopeParseResult {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, reason: 'payload is not valid JSON' };
  }
  return validateEventEnvelope(json);
}

export function validateEventEnvelope(value: unknown): EnvelopeParseResult {
  const result = eventEnvelopeSchema.safeParse(value);
  if (result.success) return { ok: true, envelope: result.data };
  const reason = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'envelope'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason };
}
