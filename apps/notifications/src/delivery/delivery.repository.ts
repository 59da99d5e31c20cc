import { Injectable } from '@nestjs/common';
import {
  type Notification,
  type NotificationDigest,
  type NotificationStep,
  Prisma,
  PrismaService,
} from '@herald/database';
import { newId } from '@herald/ids';
import type { Channel } from '../channels/channel';
import type { ProviderResponse } from '../channels/send-result';
import { type StepReason, type StepStatus, statusesBefore } from './step-status';

export type NewNotification = Pick<
  Notification,
  'orgId' | 'userId' | 'templateKey' | 'critical' | 'channels' | 'idempotencyKey' | 'kind'
> & { id: string; data: Prisma.InputJsonObject };

export type StepDecision = { channel: Channel; status: 'queued' | 'skipped'; reason?: StepReason; notBefore?: Date };

export type Transaction = Prisma.TransactionClient;

export type StepWithNotification = NotificationStep & { notification: Notification };

@Injectable()
export class DeliveryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The notification of (org, idempotency key): the one given, or the one a first request made. */
  async ensureNotification(input: NewNotification): Promise<{ notification: Notification; created: boolean }> {
    const { count } = await this.prisma.notification.createMany({ data: [input], skipDuplicates: true });
    const notification = await this.prisma.notification.findUniqueOrThrow({
      where: { orgId_idempotencyKey: { orgId: input.orgId, idempotencyKey: input.idempotencyKey } },
    });
    return { notification, created: count === 1 };
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

  /** Takes the step for one send until `until`; false when it is no longer queued or another worker holds it. */
  async lease(id: string, until: Date): Promise<boolean> {
    const now = new Date();
    const { count } = await this.prisma.notificationStep.updateMany({
      where: { id, status: 'queued', OR: [{ leasedUntil: null }, { leasedUntil: { lt: now } }] },
      data: { leasedUntil: until },
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

  async isSuppressed(orgId: string, channel: Channel, address: string): Promise<boolean> {
    const found = await this.prisma.notificationSuppression.findUnique({
      where: { orgId_channel_address: { orgId, channel, address: address.toLowerCase() } },
    });
    return found !== null;
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

export type HitKey = { orgId: string; userId: string; channel: Channel; category: string };
