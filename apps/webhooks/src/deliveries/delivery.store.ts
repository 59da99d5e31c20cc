import { Injectable } from '@nestjs/common';
import { type Prisma, PrismaService, type WebhookEndpoint } from '@herald/database';
import { newId } from '@herald/ids';

/** What an attempt needs, read in one query: the delivery, its endpoint and the event's payload. */
export type DeliveryContext = {
  id: string;
  orgId: string;
  endpointId: string;
  eventId: string;
  status: string;
  attempts: number;
  endpoint: Pick<WebhookEndpoint, 'id' | 'orgId' | 'url' | 'active' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;
  payload: Prisma.JsonValue;
};

type DeliveryRow = Omit<DeliveryContext, 'endpoint'> &
  Pick<WebhookEndpoint, 'url' | 'active' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;

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

/**
 * Deliveries, their attempts and their endpoints' failure streaks, each outcome atomically. The
 * hot path (load, then a success or a retry) is one statement each: one round trip, no
 * interactive transaction, and no lock on the endpoint row unless its failure streak must end.
 */
@Injectable()
export class DeliveryStore {
  constructor(private readonly prisma: PrismaService) {}

  async load(deliveryId: string): Promise<DeliveryContext | null> {
    const [row] = await this.prisma.$queryRaw<DeliveryRow[]>`
      SELECT d."id", d."org_id" AS "orgId", d."endpoint_id" AS "endpointId", d."event_id" AS "eventId",
             d."status", d."attempts", e."url", e."active", e."secret", e."previous_secret" AS "previousSecret",
             e."previous_secret_expires_at" AS "previousSecretExpiresAt", ev."payload"
      FROM "webhook_deliveries" d
      JOIN "webhook_endpoints" e ON e."id" = d."endpoint_id"
      JOIN "webhook_events" ev ON ev."org_id" = d."org_id" AND ev."id" = d."event_id"
      WHERE d."id" = ${deliveryId}`;
    if (!row) return null;
    const { url, active, secret, previousSecret, previousSecretExpiresAt, ...delivery } = row;
    return {
      ...delivery,
      endpoint: { id: row.endpointId, orgId: row.orgId, url, active, secret, previousSecret, previousSecretExpiresAt },
    };
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
    if (outcome.status !== 'failed') {
      await this.recordSettledOrRetrying(delivery, attempt, outcome);
      return undefined;
    }
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
          nextAttemptAt: null,
          deliveredAt: null,
        },
      });
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

  /** A success (which ends the endpoint's failure streak, if it has one) or a retry, in one statement. */
  private async recordSettledOrRetrying(
    delivery: DeliveryContext,
    attempt: AttemptRecord,
    outcome: Exclude<DeliveryOutcome, { status: 'failed' }>,
  ): Promise<void> {
    const succeeded = outcome.status === 'success';
    const nextAttemptAt = outcome.status === 'pending' ? outcome.nextAttemptAt : null;
    await this.prisma.$executeRaw`
      WITH "attempt" AS (
        INSERT INTO "webhook_delivery_attempts"
          ("id", "delivery_id", "attempt", "started_at", "duration_ms", "status_code", "error", "response_excerpt")
        VALUES (${newId('att')}, ${delivery.id}, ${attempt.attempt}, ${attempt.startedAt}, ${attempt.durationMs},
                ${attempt.statusCode ?? null}, ${attempt.error ?? null}, ${attempt.responseExcerpt || null})
        ON CONFLICT ("delivery_id", "attempt") DO NOTHING
      ), "delivery" AS (
        UPDATE "webhook_deliveries"
        SET "status" = ${outcome.status}, "attempts" = ${attempt.attempt}, "status_code" = ${attempt.statusCode ?? null},
            "error" = ${attempt.error ?? null}, "next_attempt_at" = ${nextAttemptAt},
            "delivered_at" = ${succeeded ? new Date() : null}, "updated_at" = now()
        WHERE "id" = ${delivery.id}
      )
      UPDATE "webhook_endpoints" SET "consecutive_failures" = 0, "updated_at" = now()
      WHERE ${succeeded} AND "id" = ${delivery.endpointId} AND "consecutive_failures" > 0`;
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
