import { z } from 'zod';
import { SUBJECT_TOKEN_PATTERN } from './event-envelope';

const subjectToken = z
  .string()
  .min(1)
  .max(128)
  .regex(SUBJECT_TOKEN_PATTERN, 'may contain only letters, digits, "_" and "-"');

/**
 * What impact-in publishes on `inbound.<source>.<type>`: a verified inbound webhook with the
 * sender's own event type and id beside Herald's id, and the body parsed (JSON, or form fields).
 */
export const inboundEnvelopeSchema = z.object({
  id: subjectToken,
  org_id: subjectToken,
  source: subjectToken,
  source_id: z.string().nullable(),
  scheme: z.string().min(1),
  /** The sender's event type as it gave it, e.g. `invoice.paid` or `pull_request.opened`. */
  type: z.string().min(1),
  sender_event_id: z.string().nullable(),
  received_at: z.iso.datetime({ offset: true }),
  /** Set on a re-publish through the replay API: how many times the event has been replayed. */
  replay: z.number().int().positive().optional(),
  /**
   * The parsed body; null with `data_omitted` when the envelope would exceed the NATS message
   * limit, in which case GET /v1/inbound-events/:id has the body.
   */
  data: z.unknown(),
  data_omitted: z.literal(true).optional(),
});

export type InboundEnvelope = z.infer<typeof inboundEnvelopeSchema>;
