import { z } from 'zod';
import type { WebhookDelivery } from '@herald/database';

const id = z.string().min(1).max(128);

/** What goes on `webhooks.deliver.<endpointId>` (and the retry lane): a pointer; the data stays in Postgres. */
export const deliveryJobSchema = z.object({
  delivery_id: id,
  endpoint_id: id,
  org_id: id,
  event_id: id,
  /** Retry lane only: the attempt is not made before this time (ISO 8601). */
  not_before: z.iso.datetime().optional(),
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
