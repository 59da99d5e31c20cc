import type { WebhookDelivery } from '@herald/database';

/** What goes on `webhooks.deliver.<endpointId>` (and the retry lane): a pointer; the data stays in Postgres. */
export type DeliveryJob = {
  delivery_id: string;
  endpoint_id: string;
  org_id: string;
  event_id: string;
  /** Retry lane only: the attempt is not made before this time (ISO 8601). */
  not_before?: string;
};

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
