import { Injectable } from '@nestjs/common';
import { type NotificationRecipient, Prisma, PrismaService, StatementBatcher } from '@herald/database';
import type { ProviderResponse } from '../channels/send-result';
import {
  fieldsWithPrefix,
  NOTIFICATION_COLUMNS,
  RECIPIENT_COLUMNS,
  selectColumns,
  STEP_COLUMNS,
} from '../common/sql-columns';
import type { StepWithNotification } from './delivery.repository';
import { statusesBefore } from './step-status';

/** A step job's step, its notification and recipient, and whether this worker now holds its lease. */
export type ClaimedStep = { step: StepWithNotification; recipient: NotificationRecipient | null; leased: boolean };

type Claim = { stepId: string; leasedUntil: Date };

/** A provider's acceptance of a step's message. */
export type SentStep = {
  stepId: string;
  status: 'sent' | 'delivered';
  attempts: number;
  response: ProviderResponse;
  providerMessageId?: string;
};

/**
 * The two statements of every step job, each shared by all the jobs in flight at that moment
 * (StatementBatcher): the claim (the step, its notification and recipient read, and its lease taken,
 * in one statement) and the record of a provider's acceptance. A job is acked only after the
 * statement holding its record has committed.
 */
@Injectable()
export class StepStore {
  private readonly claims = new StatementBatcher<Claim, ClaimedStep | null>((claims) => this.claimMany(claims));
  private readonly sends = new StatementBatcher<SentStep, void>((sent) => this.recordSentMany(sent));

  constructor(private readonly prisma: PrismaService) {}

  /**
   * The step with its notification and recipient, leased until `leasedUntil` when it is queued,
   * due (quiet hours over) and not leased by another worker; null when there is no such step.
   */
  claim(stepId: string, leasedUntil: Date): Promise<ClaimedStep | null> {
    return this.claims.add({ stepId, leasedUntil });
  }

  /** Moves a step that was not past `sent` to `sent` or `delivered`, with the provider's answer. */
  recordSent(sent: SentStep): Promise<void> {
    return this.sends.add(sent);
  }

  /** The SELECT reads the statement's snapshot: the rows as they were before the lease. */
  private async claimMany(claims: Claim[]): Promise<(ClaimedStep | null)[]> {
    const now = new Date().toISOString();
    const rows = await this.prisma.preparedSql<Record<string, unknown>>(
      'notifications.claim_steps',
      Prisma.sql`
      WITH "claim" AS (
        SELECT * FROM unnest(${claims.map((c) => c.stepId)}::text[],
                             ${claims.map((c) => c.leasedUntil.toISOString())}::timestamptz[])
          AS "c"("id", "leased_until")
      ), "leased" AS (
        UPDATE "notification_steps" s SET "leased_until" = c."leased_until", "updated_at" = now()
        FROM "claim" c
        WHERE s."id" = c."id" AND s."status" = 'queued'
          AND (s."not_before" IS NULL OR s."not_before" <= ${now}::timestamptz)
          AND (s."leased_until" IS NULL OR s."leased_until" < ${now}::timestamptz)
        RETURNING s."id"
      )
      SELECT ${selectColumns(STEP_COLUMNS, 's')}, ${selectColumns(NOTIFICATION_COLUMNS, 'n', 'n.')},
             ${selectColumns(RECIPIENT_COLUMNS, 'r', 'r.')}, l."id" IS NOT NULL AS "leased"
      FROM "notification_steps" s
      JOIN "notifications" n ON n."id" = s."notification_id"
      LEFT JOIN "notification_recipients" r ON r."org_id" = n."org_id" AND r."user_id" = n."user_id"
      LEFT JOIN "leased" l ON l."id" = s."id"
      WHERE s."id" = ANY(${claims.map((c) => c.stepId)}::text[])`,
    );
    const byId = new Map(rows.map((row) => [row['id'] as string, row]));
    // A job delivered twice into one batch: the lease was taken once, so only the first claim holds it.
    const claimed = new Set<string>();
    return claims.map(({ stepId }) => {
      const row = byId.get(stepId);
      if (!row) return null;
      const leased = row['leased'] === true && !claimed.has(stepId);
      claimed.add(stepId);
      return claimedStep(row, leased);
    });
  }

  private async recordSentMany(sent: SentStep[]): Promise<void[]> {
    const column = <T>(pick: (item: SentStep) => T) => sent.map(pick);
    const now = new Date().toISOString();
    await this.prisma.preparedSql(
      'notifications.record_sent_steps',
      Prisma.sql`
      UPDATE "notification_steps" s
      SET "status" = i."status", "reason" = NULL, "attempts" = i."attempts", "provider_response" = i."response",
          "provider_message_id" = COALESCE(i."provider_message_id", s."provider_message_id"),
          "sent_at" = CASE WHEN i."status" = 'sent' THEN ${now}::timestamptz ELSE s."sent_at" END,
          "delivered_at" = CASE WHEN i."status" = 'delivered' THEN ${now}::timestamptz ELSE s."delivered_at" END,
          "updated_at" = now()
      FROM unnest(
        ${column((i) => i.stepId)}::text[], ${column((i) => i.status)}::text[], ${column((i) => i.attempts)}::int[],
        ${column((i) => JSON.stringify(i.response))}::jsonb[], ${column((i) => i.providerMessageId ?? null)}::text[],
        ${column((i) => statusesBefore(i.status).join(','))}::text[]
      ) AS "i"("id", "status", "attempts", "response", "provider_message_id", "before")
      WHERE s."id" = i."id" AND s."status" = ANY(string_to_array(i."before", ','))`,
    );
    return sent.map(() => undefined);
  }
}

function claimedStep(row: Record<string, unknown>, leased: boolean): ClaimedStep {
  const recipient = fieldsWithPrefix(row, RECIPIENT_COLUMNS, 'r.');
  return {
    step: {
      ...fieldsWithPrefix(row, STEP_COLUMNS, ''),
      notification: fieldsWithPrefix(row, NOTIFICATION_COLUMNS, 'n.'),
    },
    recipient: recipient.orgId === null ? null : recipient,
    leased,
  };
}
