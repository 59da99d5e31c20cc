import { Injectable } from '@nestjs/common';
import { PrismaService, type WebhookDelivery } from '@herald/database';
import type { EventEnvelope } from '@herald/events';
import { newId } from '@herald/ids';

/** Enough of a delivery to publish its job. */
export type DeliveryRef = Pick<WebhookDelivery, 'id' | 'orgId' | 'endpointId' | 'eventId'>;

@Injectable()
export class DispatchRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the event and one delivery per endpoint in one statement. Both inserts skip rows that
   * exist (unique keys, not look-ups), so a redelivered or re-published event creates nothing new;
   * the answer is every delivery of this event still pending, new or not, so their jobs can be
   * (re)published. (The last SELECT reads the statement's snapshot, so it sees only the deliveries
   * that were there before; the new ones come from RETURNING.)
   */
  async recordDeliveries(envelope: EventEnvelope, endpointIds: string[]): Promise<DeliveryRef[]> {
    const { id, type, org_id: orgId, created_at: createdAt, data } = envelope;
    const payload = JSON.stringify({ id, type, created_at: createdAt, data });
    const deliveryIds = endpointIds.map(() => newId('dlv'));
    return this.prisma.$queryRaw<DeliveryRef[]>`
      WITH "event" AS (
        INSERT INTO "webhook_events" ("org_id", "id", "type", "payload", "created_at")
        VALUES (${orgId}, ${id}, ${type}, ${payload}::jsonb, ${new Date(createdAt)})
        ON CONFLICT DO NOTHING
      ), "inserted" AS (
        INSERT INTO "webhook_deliveries" ("id", "org_id", "endpoint_id", "event_id", "event_type", "updated_at")
        SELECT "new"."id", ${orgId}, "new"."endpoint_id", ${id}, ${type}, now()
        FROM unnest(${deliveryIds}::text[], ${endpointIds}::text[]) AS "new"("id", "endpoint_id")
        ON CONFLICT ("endpoint_id", "event_id") DO NOTHING
        RETURNING "id", "org_id", "endpoint_id", "event_id"
      )
      SELECT "id", "org_id" AS "orgId", "endpoint_id" AS "endpointId", "event_id" AS "eventId" FROM "inserted"
      UNION ALL
      SELECT "id", "org_id", "endpoint_id", "event_id" FROM "webhook_deliveries"
      WHERE "event_id" = ${id} AND "endpoint_id" = ANY(${endpointIds}::text[]) AND "status" = 'pending'`;
  }
}
