import { Injectable } from '@nestjs/common';
import { type Prisma, PrismaService, type WebhookDelivery } from '@herald/database';
import type { EventEnvelope } from '@herald/events';
import { newId } from '@herald/ids';

@Injectable()
export class DispatchRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the event and one delivery per endpoint in one transaction. Both inserts skip rows that
   * exist (unique keys, not look-ups), so a redelivered or re-published event creates nothing new;
   * the answer is every delivery of this event still pending, new or not, so their jobs can be
   * (re)published.
   */
  async recordDeliveries(envelope: EventEnvelope, endpointIds: string[]): Promise<WebhookDelivery[]> {
    const { id, type, org_id: orgId, created_at: createdAt, data } = envelope;
    const payload: Prisma.InputJsonObject = { id, type, created_at: createdAt, data: data as Prisma.InputJsonObject };
    return this.prisma.$transaction(async (tx) => {
      await tx.webhookEvent.createMany({
        data: [{ orgId, id, type, payload, createdAt: new Date(createdAt) }],
        skipDuplicates: true,
      });
      await tx.webhookDelivery.createMany({
        data: endpointIds.map((endpointId) => ({ id: newId('dlv'), orgId, endpointId, eventId: id, eventType: type })),
        skipDuplicates: true,
      });
      return tx.webhookDelivery.findMany({
        where: { eventId: id, endpointId: { in: endpointIds }, status: 'pending' },
      });
    });
  }
}
