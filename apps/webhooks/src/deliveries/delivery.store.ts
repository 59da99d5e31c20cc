import { Injectable } from '@nestjs/common';
import { PrismaService, type WebhookDelivery, type WebhookEndpoint, type WebhookEvent } from '@herald/database';
import { newId } from '@herald/ids';

export type DeliveryContext = WebhookDelivery & { endpoint: WebhookEndpoint; event: WebhookEvent };

export type AttemptRecord = {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode?: number;
  error?: string;
  responseExcerpt: string;
};

/** A delivery's next state after an attempt. */
export type DeliveryOutcome =
  | { status: 'success' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed'; disableEndpoint?: string };

/** Why an attempt's outcome disabled its endpoint: the receiver said 410 Gone, or it kept failing. */
export type EndpointDisabling = { reason: 'gone' | 'failing'; description: string; disabledAt: Date };

/** Deliveries, their attempts and their endpoints' failure streaks, each outcome in one transaction. */
@Injectable()
export class DeliveryStore {
  constructor(private readonly prisma: PrismaService) {}

  async load(deliveryId: string): Promise<DeliveryContext | null> {
    const delivery = await this.prisma.webhookDelivery.findUnique({
      where: { id: deliveryId },
      include: { endpoint: true },
    });
    if (!delivery) return null;
    const event = await this.prisma.webhookEvent.findUnique({
      where: { orgId_id: { orgId: delivery.orgId, id: delivery.eventId } },
    });
    return event ? { ...delivery, event } : null;
  }

  /**
   * Records the attempt and moves the delivery on. A failed delivery lengthens its endpoint's
   * streak and disables it at `disableAfter`; a success ends the streak. Answers how the endpoint
   * was disabled, when this outcome disabled it.
   */
  async recordAttempt(
    delivery: DeliveryContext,
    attempt: AttemptRecord,
    outcome: DeliveryOutcome,
    disableAfter: number,
  ): Promise<EndpointDisabling | undefined> {
    return this.prisma.$transaction(async (tx) => {
      await tx.webhookDeliveryAttempt.createMany({
        data: [
          { id: newId('att'), deliveryId: delivery.id, ...attempt, responseExcerpt: attempt.responseExcerpt || null },
        ],
        skipDuplicates: true,
      });
      await tx.webhookDelivery.update({
        where: { id: delivery.id },
        data: {
          status: outcome.status,
          attempts: attempt.attempt,
          statusCode: attempt.statusCode ?? null,
          error: attempt.error ?? null,
          nextAttemptAt: outcome.status === 'pending' ? outcome.nextAttemptAt : null,
          deliveredAt: outcome.status === 'success' ? new Date() : null,
        },
      });
      if (outcome.status === 'success') {
        await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId }, data: { consecutiveFailures: 0 } });
        return undefined;
      }
      if (outcome.status === 'pending') return undefined;
      const endpoint = await tx.webhookEndpoint.update({
        where: { id: delivery.endpointId },
        data: { consecutiveFailures: { increment: 1 } },
      });
      const disabling = disablingFor(outcome, endpoint.consecutiveFailures, disableAfter);
      if (!disabling || !endpoint.active) return undefined;
      await tx.webhookEndpoint.update({
        where: { id: delivery.endpointId },
        data: { active: false, disabledAt: disabling.disabledAt, disabledReason: disabling.description },
      });
      return disabling;
    });
  }

  /** A delivery that cannot be attempted (its endpoint is disabled): failed without an attempt. */
  async fail(deliveryId: string, error: string): Promise<void> {
    await this.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'failed', error, nextAttemptAt: null },
    });
  }
}

function disablingFor(
  outcome: Extract<DeliveryOutcome, { status: 'failed' }>,
  consecutiveFailures: number,
  disableAfter: number,
): EndpointDisabling | undefined {
  const disabledAt = new Date();
  if (outcome.disableEndpoint) return { reason: 'gone', description: outcome.disableEndpoint, disabledAt };
  if (consecutiveFailures < disableAfter) return undefined;
  return { reason: 'failing', description: `${consecutiveFailures} deliveries in a row failed`, disabledAt };
}
