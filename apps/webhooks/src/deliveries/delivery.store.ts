import { Injectable } from '@nestjs/common';
import { type PreparedStatement, PrismaService, StatementBatcher } from '@herald/database';
import { newId } from '@herald/ids';
import type { DeliveryEndpoint } from '../endpoints/endpoint-directory';

/** What an attempt needs: the delivery, its endpoint and the body, as stored, that receivers get. */
export type DeliveryContext = {
  id: string;
  orgId: string;
  endpointId: string;
  eventId: string;
  status: string;
  attempts: number;
  endpoint: DeliveryEndpoint;
  body: string;
};

type DeliveryRow = Omit<DeliveryContext, 'endpoint'> & Omit<DeliveryEndpoint, 'id' | 'orgId'>;

/** An attempt whose outcome does not touch the endpoint's failure streak beyond ending it: batched. */
type SettledOrRetrying = {
  deliveryId: string;
  endpointId: string;
  attempt: AttemptRecord;
  outcome: Exclude<DeliveryOutcome, { status: 'failed' }>;
};

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

const LOAD_DELIVERIES: PreparedStatement = {
  name: 'webhooks.load_deliveries',
  text: `
    SELECT d."id", d."org_id" AS "orgId", d."endpoint_id" AS "endpointId", d."event_id" AS "eventId",
           d."status", d."attempts", e."url", e."active", e."secret", e."previous_secret" AS "previousSecret",
           e."previous_secret_expires_at" AS "previousSecretExpiresAt", ev."payload"::text AS "body"
    FROM "webhook_deliveries" d
    JOIN "webhook_endpoints" e ON e."id" = d."endpoint_id"
    JOIN "webhook_events" ev ON ev."org_id" = d."org_id" AND ev."id" = d."event_id"
    WHERE d."id" = ANY($1::text[])`,
};

/**
 * Successes and retries of concurrent attempts, in one statement: the attempts inserted, the
 * deliveries moved on, and the failure streaks of the endpoints that succeeded ended (without
 * touching, or locking, an endpoint row that has no streak). An attempt of a delivery deleted
 * meanwhile (its endpoint was) is skipped rather than failing the others with it.
 */
const RECORD_SETTLED_OR_RETRYING: PreparedStatement = {
  name: 'webhooks.record_settled_or_retrying',
  text: `
    WITH "input" AS (
      SELECT * FROM unnest(
        $1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::int[], $7::int[], $8::text[],
        $9::text[], $10::text[], $11::timestamptz[]
      ) AS "i"("attempt_id", "delivery_id", "endpoint_id", "attempt", "started_at", "duration_ms", "status_code",
               "error", "response_excerpt", "status", "next_attempt_at")
    ), "delivery" AS (
      UPDATE "webhook_deliveries" d
      SET "status" = i."status", "attempts" = i."attempt", "status_code" = i."status_code", "error" = i."error",
          "next_attempt_at" = i."next_attempt_at",
          "delivered_at" = CASE WHEN i."status" = 'success' THEN now() END, "updated_at" = now()
      FROM "input" i
      WHERE d."id" = i."delivery_id"
      RETURNING d."id"
    ), "attempt" AS (
      INSERT INTO "webhook_delivery_attempts"
        ("id", "delivery_id", "attempt", "started_at", "duration_ms", "status_code", "error", "response_excerpt")
      SELECT i."attempt_id", i."delivery_id", i."attempt", i."started_at", i."duration_ms", i."status_code",
             i."error", i."response_excerpt"
      FROM "input" i JOIN "delivery" u ON u."id" = i."delivery_id"
      ON CONFLICT ("delivery_id", "attempt") DO NOTHING
    )
    UPDATE "webhook_endpoints" SET "consecutive_failures" = 0, "updated_at" = now()
    WHERE "id" IN (SELECT "endpoint_id" FROM "input" WHERE "status" = 'success') AND "consecutive_failures" > 0`,
};

/**
 * Deliveries, their attempts and their endpoints' failure streaks, each outcome atomically. The
 * hot path (load, then a success or a retry) is one statement each for all the attempts in flight
 * at that moment: one round trip for many, no interactive transaction, and no lock on an endpoint
 * row unless its failure streak must end. A failure that may disable the endpoint keeps its own
 * transaction.
 */
@Injectable()
export class DeliveryStore {
  private readonly loads = new StatementBatcher<string, DeliveryContext | null>((ids) => this.loadMany(ids));
  private readonly records = new StatementBatcher<SettledOrRetrying, void>((items) => this.recordMany(items));

  constructor(private readonly prisma: PrismaService) {}

  /** Concurrent loads share one query. */
  load(deliveryId: string): Promise<DeliveryContext | null> {
    return this.loads.add(deliveryId);
  }

  private async loadMany(ids: string[]): Promise<(DeliveryContext | null)[]> {
    const rows = await this.prisma.prepared<DeliveryRow>(LOAD_DELIVERIES, [ids]);
    const byId = new Map(rows.map((row) => [row.id, toDeliveryContext(row)]));
    return ids.map((id) => byId.get(id) ?? null);
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
      await this.records.add({ deliveryId: delivery.id, endpointId: delivery.endpointId, attempt, outcome });
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

  /** Successes and retries of concurrent attempts, in one statement (RECORD_SETTLED_OR_RETRYING). */
  private async recordMany(items: SettledOrRetrying[]): Promise<void[]> {
    const column = <T>(pick: (item: SettledOrRetrying) => T) => items.map(pick);
    await this.prisma.prepared(RECORD_SETTLED_OR_RETRYING, [
      column(() => newId('att')),
      column((i) => i.deliveryId),
      column((i) => i.endpointId),
      column((i) => i.attempt.attempt),
      column((i) => i.attempt.startedAt.toISOString()),
      column((i) => i.attempt.durationMs),
      column((i) => i.attempt.statusCode ?? null),
      column((i) => i.attempt.error ?? null),
      column((i) => i.attempt.responseExcerpt || null),
      column((i) => i.outcome.status),
      column((i) => (i.outcome.status === 'pending' ? i.outcome.nextAttemptAt.toISOString() : null)),
    ]);
    return items.map(() => undefined);
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

function toDeliveryContext(row: DeliveryRow): DeliveryContext {
  const { url, active, secret, previousSecret, previousSecretExpiresAt, ...delivery } = row;
  return {
    ...delivery,
    endpoint: { id: row.endpointId, orgId: row.orgId, url, active, secret, previousSecret, previousSecretExpiresAt },
  };
}
