import { Injectable } from '@nestjs/common';
import { type PreparedStatement, PrismaService, StatementBatcher, type WebhookDelivery } from '@herald/database';
import type { EventEnvelope } from '@herald/events';
import { newId } from '@herald/ids';

/** Enough of a delivery to publish its job. */
export type DeliveryRef = Pick<WebhookDelivery, 'id' | 'orgId' | 'endpointId' | 'eventId'>;

/** A delivery still pending after a dispatch: `created` when this dispatch stored it, so no attempt was made yet. */
export type PendingDelivery = DeliveryRef & { created: boolean };

type EventDeliveries = { envelope: EventEnvelope; body: string; endpointIds: string[] };

/**
 * Both inserts skip rows that exist (unique keys, not look-ups), so a redelivered or re-published
 * event creates nothing new. The last SELECT reads the statement's snapshot, so it sees only the
 * deliveries that were there before; the new ones come from RETURNING.
 */
const RECORD_EVENT_DELIVERIES: PreparedStatement = {
  name: 'webhooks.record_event_deliveries',
  text: `
    WITH "event" AS (
      INSERT INTO "webhook_events" ("org_id", "id", "type", "payload", "created_at")
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::timestamptz[])
      ON CONFLICT DO NOTHING
    ), "wanted" AS (
      SELECT * FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
        AS "w"("id", "org_id", "endpoint_id", "event_id", "event_type")
    ), "inserted" AS (
      INSERT INTO "webhook_deliveries" ("id", "org_id", "endpoint_id", "event_id", "event_type", "updated_at")
      SELECT "id", "org_id", "endpoint_id", "event_id", "event_type", now() FROM "wanted"
      ON CONFLICT ("endpoint_id", "event_id") DO NOTHING
      RETURNING "id", "org_id", "endpoint_id", "event_id"
    )
    SELECT "id", "org_id" AS "orgId", "endpoint_id" AS "endpointId", "event_id" AS "eventId", true AS "created"
    FROM "inserted"
    UNION ALL
    SELECT d."id", d."org_id", d."endpoint_id", d."event_id", false FROM "webhook_deliveries" d
    JOIN "wanted" w ON w."endpoint_id" = d."endpoint_id" AND w."event_id" = d."event_id"
    WHERE d."status" = 'pending'`,
};

@Injectable()
export class DispatchRepository {
  private readonly batches = new StatementBatcher<EventDeliveries, PendingDelivery[]>((items) =>
    this.recordMany(items),
  );

  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the event, with `body` as its payload, and one delivery per endpoint; the events being
   * dispatched at the same moment share one statement. The answer is every delivery of this event
   * still pending, new or not, so their jobs can be (re)published.
   */
  recordDeliveries(envelope: EventEnvelope, body: string, endpointIds: string[]): Promise<PendingDelivery[]> {
    return this.batches.add({ envelope, body, endpointIds });
  }

  /** One statement for the whole batch (RECORD_EVENT_DELIVERIES). */
  private async recordMany(items: EventDeliveries[]): Promise<PendingDelivery[][]> {
    const events = items.map(({ envelope }) => envelope);
    const pairs = items.flatMap(({ envelope, endpointIds }) =>
      endpointIds.map((endpointId) => ({ envelope, endpointId })),
    );
    const rows = await this.prisma.prepared<PendingDelivery>(RECORD_EVENT_DELIVERIES, [
      events.map((e) => e.org_id),
      events.map((e) => e.id),
      events.map((e) => e.type),
      items.map(({ body }) => body),
      events.map((e) => e.created_at),
      pairs.map(() => newId('dlv')),
      pairs.map((p) => p.envelope.org_id),
      pairs.map((p) => p.endpointId),
      pairs.map((p) => p.envelope.id),
      pairs.map((p) => p.envelope.type),
    ]);
    return events.map((event) => rows.filter((row) => row.eventId === event.id && row.orgId === event.org_id));
  }
}
