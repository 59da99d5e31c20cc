import { Injectable } from '@nestjs/common';
import type { Notification, NotificationRecipient, Prisma } from '@herald/database';
import { JetStreamPublisher } from '@herald/jetstream';
import { type Channel, QUIET_HOURS_CHANNELS } from '../channels/channel';
import { allows, storedPreferences } from '../recipients/preferences';
import { quietHoursEnd } from '../recipients/quiet-hours';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { RecipientsService } from '../recipients/recipients.service';
import { contentFor, templateChannels, type TemplateVersionView } from '../templates/template-content';
import { TemplatesService } from '../templates/templates.service';
import { DIGEST_SUBJECT, type DigestJob, type StepJob, stepSubject } from '../topology';
import { DeliveryRepository, type QueuedStep, type StepDecision, type Transaction } from './delivery.repository';
import { NotificationMetrics } from './notification-metrics';

/** Messages let through per user × channel × category in a window. */
type ThrottlePolicy = { limit: number; windowSeconds: number };

/**
 * Turns a notification into one step per channel. What can be decided without counting is decided
 * first (no content, no address, suppressed, opted out); throttles and digests are counted under a
 * per user × channel × category lock, so two replicas enforce one limit. Then a job is published
 * for every queued step.
 */
@Injectable()
export class FanOutService {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly templates: TemplatesService,
    private readonly recipientsRepository: RecipientsRepository,
    private readonly recipients: RecipientsService,
    private readonly publisher: JetStreamPublisher,
    private readonly metrics: NotificationMetrics,
  ) {}

  async fanOut(notification: Notification): Promise<void> {
    const queued =
      notification.status === 'accepted'
        ? await this.decide(notification)
        : await this.repository.queuedSteps(notification.id);
    // Re-published on a redelivery too: the msg id (the step id) keeps it to one job per step.
    await Promise.all(
      queued.map((step) => {
        const job: StepJob = { step_id: step.id };
        return this.publisher.publish(stepSubject(step.channel as Channel), job, { msgId: step.id });
      }),
    );
  }

  /** Decides every channel and settles the notification; answers its queued steps. */
  private async decide(notification: Notification): Promise<QueuedStep[]> {
    const template = await this.templates.resolve(
      notification.orgId,
      notification.templateKey,
      notification.templateVersion ?? undefined,
    );
    if (!template) {
      await this.repository.settleNotification(notification.id, { error: `no template "${notification.templateKey}"` });
      return [];
    }
    const recipient = await this.recipientsRepository.find(notification.orgId, notification.userId);
    const channels =
      notification.channels.length > 0 ? (notification.channels as Channel[]) : templateChannels(template.source);
    const policy = this.throttleOf(notification, template);
    const decisions: StepDecision[] = [];
    const digestsToFlush: string[] = [];
    for (const channel of channels) {
      const decision = await this.precheck(notification, template, recipient, channel);
      if (decision) decisions.push(decision);
      else if (!policy) decisions.push(this.queued(notification, recipient as NotificationRecipient, channel));
      else {
        const counted = await this.countAndCreate(
          notification,
          template,
          recipient as NotificationRecipient,
          channel,
          policy,
        );
        if (counted) digestsToFlush.push(counted);
      }
    }
    // Before the notification is settled: a redelivery after a crash here decides nothing twice but publishes again.
    for (const digestId of digestsToFlush) {
      const job: DigestJob = { digest_id: digestId };
      await this.publisher.publish(DIGEST_SUBJECT, job, { msgId: digestId });
    }
    const queued = await this.repository.fanOutSteps({
      notification,
      decisions,
      templateVersion: template.version,
      category: template.category,
    });
    for (const decision of decisions) this.metrics.step(decision.channel, decision.status, decision.reason);
    return queued;
  }

  /** A decision that needs no counting, or null when the channel goes on to the throttle. */
  private async precheck(
    notification: Notification,
    template: TemplateVersionView,
    recipient: NotificationRecipient | null,
    channel: Channel,
  ): Promise<StepDecision | null> {
    if (!contentFor(template.source, channel, recipient?.locale))
      return { channel, status: 'skipped', reason: 'no_content' };
    if (!recipient) return { channel, status: 'skipped', reason: 'unknown_recipient' };
    const address = this.addressOf(recipient, channel);
    if (!address) return { channel, status: 'skipped', reason: 'no_address' };
    if (channel !== 'in_app' && (await this.repository.isSuppressed(notification.orgId, channel, address))) {
      return { channel, status: 'skipped', reason: 'suppressed' };
    }
    if (!notification.critical && !allows(storedPreferences(recipient.preferences), template.category, channel)) {
      return { channel, status: 'skipped', reason: 'opted_out' };
    }
    return null;
  }

  /** Counts the throttle and creates the step in one locked transaction; answers the digest to schedule, if any. */
  private async countAndCreate(
    notification: Notification,
    template: TemplateVersionView,
    recipient: NotificationRecipient,
    channel: Channel,
    policy: ThrottlePolicy,
  ): Promise<string | null> {
    const key = { orgId: notification.orgId, userId: notification.userId, channel, category: template.category };
    const lockKey = `${key.orgId}|${key.userId}|${channel}|${key.category}`;
    return this.repository.withThrottleLock(lockKey, async (tx) => {
      if (await this.repository.stepExists(tx, notification.id, channel)) return null;
      const since = new Date(Date.now() - policy.windowSeconds * 1000);
      if ((await this.repository.countHits(tx, key, since)) >= policy.limit) {
        return this.holdBack(tx, notification, template, channel);
      }
      await this.repository.recordHit(tx, key);
      await this.createStep(tx, notification, this.queued(notification, recipient, channel));
      return null;
    });
  }

  private async holdBack(
    tx: Transaction,
    notification: Notification,
    template: TemplateVersionView,
    channel: Channel,
  ): Promise<string | null> {
    if (!template.digest) {
      await this.createStep(tx, notification, { channel, status: 'skipped', reason: 'throttled' });
      return null;
    }
    const closesAt = new Date(Date.now() + template.digest.window_seconds * 1000);
    const { digest } = await this.repository.foldIntoDigest(
      tx,
      { orgId: notification.orgId, userId: notification.userId, channel, templateKey: template.key },
      notification.data as Prisma.InputJsonValue,
      closesAt,
    );
    await this.createStep(tx, notification, { channel, status: 'skipped', reason: 'digested' });
    // Scheduled on every fold, not only the first: the flush is idempotent and the msg id dedupes it, so a
    // crash between opening the digest and publishing its job cannot leave it open for ever.
    return digest.id;
  }

  private async createStep(tx: Transaction | undefined, notification: Notification, decision: StepDecision) {
    await this.repository.createSteps(tx, notification, [decision]);
    this.metrics.step(decision.channel, decision.status, decision.reason);
  }

  /** Critical notifications and digests are never throttled; a digest without a throttle folds everything. */
  private throttleOf(notification: Notification, template: TemplateVersionView): ThrottlePolicy | null {
    if (notification.critical || notification.kind === 'digest') return null;
    if (template.throttle) return { limit: template.throttle.limit, windowSeconds: template.throttle.window_seconds };
    if (template.digest) return { limit: 0, windowSeconds: template.digest.window_seconds };
    return null;
  }

  private queued(notification: Notification, recipient: NotificationRecipient, channel: Channel): StepDecision {
    if (notification.critical || !QUIET_HOURS_CHANNELS.includes(channel)) return { channel, status: 'queued' };
    if (!recipient.quietHoursStart || !recipient.quietHoursEnd) return { channel, status: 'queued' };
    const end = quietHoursEnd({ start: recipient.quietHoursStart, end: recipient.quietHoursEnd }, recipient.timezone);
    return end ? { channel, status: 'queued', reason: 'quiet_hours', notBefore: end } : { channel, status: 'queued' };
  }

  private addressOf(recipient: NotificationRecipient, channel: Channel): string | null {
    switch (channel) {
      case 'email':
        return recipient.email;
      case 'sms':
        return recipient.phone;
      case 'discord':
        return recipient.discordWebhookUrl ? this.recipients.discordUrl(recipient) : null;
      default:
        return recipient.userId;
    }
  }
}
