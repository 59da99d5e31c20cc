import { z } from 'zod';
import type { WebhookDelivery } from '@herald/database';

const id = z.string().min(1).max(128);

/**
 * Bodies up to this size ride in a new delivery's first job; larger ones are read from Postgres.
 * Each endpoint's job carries its own copy, so a fan-out multiplies it.
 */
export const INLINE_BODY_LIMIT = 16 * 1024;

/** What goes on `webhooks.deliver.<endpointId>` (and the retry lane): a pointer; the delivery stays in Postgres. */
export const deliveryJobSchema = z.object({
  delivery_id: id,
  endpoint_id: id,
  org_id: id,
  event_id: id,
  /** Retry lane only: the attempt is not made before this time (ISO 8601). */
  not_before: z.iso.datetime().optional(),
  /**
   * The first job of a delivery the dispatcher has just stored: the body it stored, so the first
   * attempt needs no read. Only ever a copy; Postgres keeps the delivery.
   */
  body: z.string().max(INLINE_BODY_LIMIT).optional(),
});

export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export function deliveryJobFor(
  delivery: Pick<WebhookDelivery, 'id' | 'endpointId' | 'orgId' | 'eventId'>,
  notBefore?: Date,
): DeliveryJob {
  return {
    delivery_id: delivery.id,
    endpoint_id: delivery.endpointId,
    org_id: delivery.orgId,
    event_id: delivery.eventId,
    ...(notBefore ? { not_before: notBefore.toISOString() } : {}),
  };
}

/** A new delivery's first job, with its body when that is small enough to carry. */
export function firstAttemptJob(
  delivery: Pick<WebhookDelivery, 'id' | 'endpointId' | 'orgId' | 'eventId'>,
  body: string,
): DeliveryJob {
  const job = deliveryJobFor(delivery);
  return body.length <= INLINE_BODY_LIMIT ? { ...job, body } : job;
}
