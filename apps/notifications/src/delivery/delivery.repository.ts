import { Injectable } from '@nestjs/common';
import {
  type Notification,
  type NotificationDigest,
  type NotificationStep,
  Prisma,
  PrismaService,
  StatementBatcher,
} from '@herald/database';
import { newId } from '@herald/ids';
import type { Channel } from '../channels/channel';
import type { ProviderResponse } from '../channels/send-result';
import { NOTIFICATION_COLUMNS, selectColumns } from '../common/sql-columns';
import { type StepReason, type StepStatus, statusesBefore } from './step-status';

export type NewNotification = Pick<
  Notification,
  'orgId' | 'userId' | 'templateKey' | 'critical' | 'channels' | 'idempotencyKey' | 'kind'
> & { id: string; data: Prisma.InputJsonObject };

export type StepDecision = { channel: Channel; status: 'queued' | 'skipped'; reason?: StepReason; notBefore?: Date };

export type Transaction = Prisma.TransactionClient;

export type StepWithNotification = NotificationStep & { notification: Notification };

/** A fanned-out notification: its steps not made yet, and what it is settled with. */
export type FanOutRecord = {
  notification: Notification;
  decisions: StepDecision[];
  templateVersion: number;
  category: string;
};

export type QueuedStep = Pick<NotificationStep, 'id' | 'notificationId' | 'channel'>;

type SuppressionKey = { orgId: string; channel: Channel; address: string };

/**
 * Notifications and their steps. The statements every notification makes (its row, the suppression
 * check, its steps and settlement) are each one statement for all the notifications in flight at
 * that moment (StatementBatcher): one round trip for many, no interactive transaction.
 */
@Injectable()
export class DeliveryRepository {
  private readonly ensures = new StatementBatcher<NewNotification, Notification | undefined>((items) =>
    this.ensureMany(items),
  );
  private readonly suppressions = new StatementBatcher<SuppressionKey, boolean>((keys) => this.suppressedMany(keys));
  private readonly fanOuts = new StatementBatcher<FanOutRecord, QueuedStep[]>((records) => this.fanOutMany(records));

  constructor(private readonly prisma: PrismaService) {}

  /** The notification of (org, idempotency key): the one given, or the one a first request made. */
  async ensureNotification(input: NewNotification): Promise<Notification> {
    // Absent only when a concurrent transaction inserted the key after the statement's snapshot was taken.
    return (
      (await this.ensures.add(input)) ??
      this.prisma.notification.findUniqueOrThrow({
        where: { orgId_idempotencyKey: { orgId: input.orgId, idempotencyKey: input.idempotencyKey } },
      })
    );
  }

  /**
   * Inserts skip existing keys (several requests with one key in a batch make one row); the last
   * SELECT reads the statement's snapshot, so it sees only the rows that were there before, and
   * the new ones come from RETURNING.
   */
  private async ensureMany(inputs: NewNotification[]): Promise<(Notification | undefined)[]> {
    const column = <T>(pick: (input: NewNotification) => T) => inputs.map(pick);
    const rows = await this.prisma.preparedSql<Notification>(
      'notifications.ensure_notifications',
      Prisma.sql`
      WITH "input" AS (
        SELECT * FROM unnest(
          ${column((i) => i.id)}::text[], ${column((i) => i.orgId)}::text[], ${column((i) => i.userId)}::text[],
          ${column((i) => i.templateKey)}::text[], ${column((i) => i.critical)}::boolean[],
          ${column((i) => JSON.stringify(i.channels))}::jsonb[], ${column((i) => i.idempotencyKey)}::text[],
          ${column((i) => i.kind)}::text[], ${column((i) => JSON.stringify(i.data))}::jsonb[]
        ) AS "i"("id", "org_id", "user_id", "template_key", "critical", "channels", "idempotency_key", "kind", "data")
      ), "inserted" AS (
        INSERT INTO "notifications"
          ("id", "org_id", "user_id", "template_key", "critical", "channels", "idempotency_key", "kind", "data")
        SELECT "id", "org_id", "user_id", "template_key", "critical",
               ARRAY(SELECT jsonb_array_elements_text(i."channels")), "idempotency_key", "kind", "data"
        FROM "input" i
        ON CONFLICT ("org_id", "idempotency_key") DO NOTHING
        RETURNING *
      )
      SELECT ${selectColumns(NOTIFICATION_COLUMNS, 'inserted')} FROM "inserted"
      UNION ALL
      SELECT ${selectColumns(NOTIFICATION_COLUMNS, 'n')} FROM "notifications" n
      JOIN "input" i ON n."org_id" = i."org_id" AND n."idempotency_key" = i."idempotency_key"`,
    );
    const byKey = new Map(rows.map((row) => [`${row.orgId}\n${row.idempotencyKey}`, row]));
    return inputs.map((input) => byKey.get(`${input.orgId}\n${input.idempotencyKey}`));
  }

  findNotification(orgId: string, id: string): Promise<(Notification & { steps: NotificationStep[] }) | null> {
    return this.prisma.notification.findFirst({
      where: { orgId, id },
      include: { steps: { orderBy: { channel: 'asc' } } },
    });
  }

  listNotifications(orgId: string, userId: string | undefined, limit: number, cursor?: string) {
    return this.prisma.notification.findMany({
      where: { orgId, ...(userId ? { userId } : {}), ...(cursor ? { id: { lt: cursor } } : {}) },
      include: { steps: { orderBy: { channel: 'asc' } } },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
  }

  async settleNotification(id: string, fields: { templateVersion?: number; category?: string; error?: string }) {
    await this.prisma.notification.update({
      where: { id },
      data: { status: fields.error ? 'failed' : 'processed', ...fields },
    });
  }

  /** Runs `work` holding a lock on one user × channel × category, so replicas count one throttle. */
  withThrottleLock<T>(key: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
      return work(tx);
    });
  }

  async stepExists(tx: Transaction, notificationId: string, channel: Channel): Promise<boolean> {
    return (await tx.notificationStep.count({ where: { notificationId, channel } })) > 0;
  }

  async countHits(tx: Transaction, where: HitKey, since: Date): Promise<number> {
    return tx.notificationThrottleHit.count({ where: { ...where, at: { gte: since } } });
  }

  async recordHit(tx: Transaction, key: HitKey): Promise<void> {
    await tx.notificationThrottleHit.create({ data: { id: newId('thr'), ...key } });
  }

  /** Folds data into the open digest, opening one when there is none. */
  async foldIntoDigest(
    tx: Transaction,
    key: Pick<NotificationDigest, 'orgId' | 'userId' | 'channel' | 'templateKey'>,
    data: Prisma.InputJsonValue,
    closesAt: Date,
  ): Promise<{ digest: NotificationDigest; opened: boolean }> {
    const open = await tx.notificationDigest.findFirst({ where: { ...key, flushedAt: null } });
    if (open) {
      const items = [...(open.items as Prisma.JsonArray), data];
      return { digest: await tx.notificationDigest.update({ where: { id: open.id }, data: { items } }), opened: false };
    }
    const digest = await tx.notificationDigest.create({ data: { id: newId('dig'), ...key, items: [data], closesAt } });
    return { digest, opened: true };
  }

  /** Creates the steps not made yet (unique per notification and channel); outside a transaction without `tx`. */
  async createSteps(tx: Transaction | undefined, notification: Notification, decisions: StepDecision[]) {
    await (tx ?? this.prisma).notificationStep.createMany({
      data: decisions.map((decision) => ({
        id: newId('stp'),
        notificationId: notification.id,
        orgId: notification.orgId,
        userId: notification.userId,
        channel: decision.channel,
        status: decision.status,
        reason: decision.reason ?? null,
        notBefore: decision.notBefore ?? null,
      })),
      skipDuplicates: true,
    });
  }

  /**
   * Creates the steps not made yet and settles the notification, in one statement with the other
   * notifications fanned out at that moment; answers every queued step of the notification (new,
   * or made before: a redelivery publishes their jobs again).
   */
  fanOutSteps(record: FanOutRecord): Promise<QueuedStep[]> {
    return this.fanOuts.add(record);
  }

  /** The last SELECT sees the steps made before the statement; the new ones come from RETURNING. */
  private async fanOutMany(records: FanOutRecord[]): Promise<QueuedStep[][]> {
    const steps = records.flatMap(({ notification, decisions }) =>
      decisions.map((decision) => ({ notification, decision })),
    );
    const step = <T>(pick: (item: (typeof steps)[number]) => T) => steps.map(pick);
    const notificationIds = records.map((record) => record.notification.id);
    const rows = await this.prisma.preparedSql<QueuedStep>(
      'notifications.fan_out_steps',
      Prisma.sql`
      WITH "inserted" AS (
        INSERT INTO "notification_steps"
          ("id", "notification_id", "org_id", "user_id", "channel", "status", "reason", "not_before", "updated_at")
        SELECT *, now() FROM unnest(
          ${step(() => newId('stp'))}::text[], ${step((s) => s.notification.id)}::text[],
          ${step((s) => s.notification.orgId)}::text[], ${step((s) => s.notification.userId)}::text[],
          ${step((s) => s.decision.channel)}::text[], ${step((s) => s.decision.status)}::text[],
          ${step((s) => s.decision.reason ?? null)}::text[],
          ${step((s) => s.decision.notBefore?.toISOString() ?? null)}::timestamptz[])
        ON CONFLICT ("notification_id", "channel") DO NOTHING
        RETURNING "id", "notification_id", "channel", "status"
      ), "settled" AS (
        UPDATE "notifications" n
        SET "status" = 'processed', "template_version" = r."template_version", "category" = r."category"
        FROM unnest(${notificationIds}::text[], ${records.map((r) => r.templateVersion)}::int[],
                    ${records.map((r) => r.category)}::text[]) AS "r"("id", "template_version", "category")
        WHERE n."id" = r."id"
      )
      SELECT "id", "notification_id" AS "notificationId", "channel" FROM "inserted" WHERE "status" = 'queued'
      UNION ALL
      SELECT "id", "notification_id", "channel" FROM "notification_steps"
      WHERE "notification_id" = ANY(${notificationIds}::text[]) AND "status" = 'queued'`,
    );
    return notificationIds.map((id) => rows.filter((row) => row.notificationId === id));
  }

  queuedSteps(notificationId: string): Promise<NotificationStep[]> {
    return this.prisma.notificationStep.findMany({ where: { notificationId, status: 'queued' } });
  }

  findStep(id: string): Promise<StepWithNotification | null> {
    return this.prisma.notificationStep.findUnique({ where: { id }, include: { notification: true } });
  }

  findStepByProviderId(providerMessageId: string): Promise<NotificationStep | null> {
    return this.prisma.notificationStep.findFirst({ where: { providerMessageId } });
  }

  /** Moves a step forward to `status`; false when it was already there or beyond. */
  async advance(
    id: string,
    status: StepStatus,
    fields: {
      reason?: StepReason | null;
      response?: ProviderResponse | Record<string, unknown>;
      providerMessageId?: string;
      attempts?: number;
    } = {},
  ): Promise<boolean> {
    const now = new Date();
    const { count } = await this.prisma.notificationStep.updateMany({
      where: { id, status: { in: statusesBefore(status) } },
      data: {
        status,
        ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
        ...(fields.response ? { providerResponse: fields.response as Prisma.InputJsonObject } : {}),
        ...(fields.providerMessageId ? { providerMessageId: fields.providerMessageId } : {}),
        ...(fields.attempts !== undefined ? { attempts: fields.attempts } : {}),
        ...(status === 'sent' ? { sentAt: now } : {}),
        ...(status === 'delivered' ? { deliveredAt: now } : {}),
      },
    });
    return count === 1;
  }

  /** Records a failed attempt that will be retried, and lets the next delivery of the job take the step. */
  async recordAttempt(id: string, attempts: number, response: ProviderResponse): Promise<void> {
    await this.prisma.notificationStep.update({
      where: { id },
      data: { attempts, providerResponse: response as Prisma.InputJsonObject, leasedUntil: null },
    });
  }

  isSuppressed(orgId: string, channel: Channel, address: string): Promise<boolean> {
    return this.suppressions.add({ orgId, channel, address: address.toLowerCase() });
  }

  private async suppressedMany(keys: SuppressionKey[]): Promise<boolean[]> {
    const rows = await this.prisma.preparedSql<SuppressionKey>(
      'notifications.suppressed_addresses',
      Prisma.sql`
      SELECT s."org_id" AS "orgId", s."channel", s."address"
      FROM "notification_suppressions" s
      JOIN unnest(${keys.map((k) => k.orgId)}::text[], ${keys.map((k) => k.channel)}::text[],
                  ${keys.map((k) => k.address)}::text[]) AS "k"("org_id", "channel", "address")
        ON s."org_id" = k."org_id" AND s."channel" = k."channel" AND s."address" = k."address"`,
    );
    const found = new Set(rows.map(suppressionKey));
    return keys.map((key) => found.has(suppressionKey(key)));
  }

  async suppress(orgId: string, channel: Channel, address: string, reason: string): Promise<void> {
    await this.prisma.notificationSuppression.createMany({
      data: [{ orgId, channel, address: address.toLowerCase(), reason }],
      skipDuplicates: true,
    });
  }

  /** True the first time a provider callback is seen. */
  async firstCallback(provider: string, eventKey: string): Promise<boolean> {
    const { count } = await this.prisma.providerCallback.createMany({
      data: [{ provider, eventKey }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /** Marks the digest flushed and answers it; null when another replica flushed it first. */
  async claimDigest(tx: Transaction, id: string): Promise<NotificationDigest | null> {
    const { count } = await tx.notificationDigest.updateMany({
      where: { id, flushedAt: null },
      data: { flushedAt: new Date() },
    });
    return count === 1 ? tx.notificationDigest.findUnique({ where: { id } }) : null;
  }

  findDigest(id: string): Promise<NotificationDigest | null> {
    return this.prisma.notificationDigest.findUnique({ where: { id } });
  }

  async createNotificationIn(tx: Transaction, input: NewNotification): Promise<Notification | null> {
    const { count } = await tx.notification.createMany({ data: [input], skipDuplicates: true });
    return count === 1 ? tx.notification.findUnique({ where: { id: input.id } }) : null;
  }

  recipientsWithPhone(phone: string) {
    return this.prisma.notificationRecipient.findMany({ where: { phone }, select: { orgId: true } });
  }
}

function suppressionKey({ orgId, channel, address }: SuppressionKey): string {
  return `${orgId}\n${channel}\n${address}`;
}

export type HitKey = { orgId: string; userId: string; channel: Channel; category: string };
