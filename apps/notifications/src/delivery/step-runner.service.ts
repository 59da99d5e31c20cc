import { Inject, Injectable, Logger } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { NotificationRecipient } from '@herald/database';
import { type HandlerOutcome, reject, retry } from '@herald/jetstream';
import type { Channel } from '../channels/channel';
import { DiscordSender } from '../channels/discord.sender';
import { EmailSender } from '../channels/email.sender';
import type { SendResult } from '../channels/send-result';
import { SmsSender } from '../channels/sms.sender';
import { InboxService } from '../inbox/inbox.service';
import { RecipientsService } from '../recipients/recipients.service';
import { TemplateRenderer } from '../templates/template-renderer';
import type { TemplateVersionView } from '../templates/template-content';
import { TemplatesService } from '../templates/templates.service';
import { UnsubscribeTokens } from '../unsubscribe/unsubscribe-tokens';
import { DeliveryRepository, type StepWithNotification } from './delivery.repository';
import { NotificationMetrics } from './notification-metrics';
import { StepStore } from './step.store';

/** A nak delay is capped so a long wait (quiet hours) is a few redeliveries, not one day-long timer. */
const MAX_WAIT_MS = 60 * 60_000;

/**
 * Runs one channel step: render, send, record what the provider answered. A 5xx, 429 or timeout is
 * retried through JetStream after the next delay of NOTIFICATIONS_RETRY_SCHEDULE (or the provider's
 * own retry-after, when longer); any other 4xx fails the step for good.
 */
@Injectable()
export class StepRunner {
  private readonly logger = new Logger(StepRunner.name);

  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly repository: DeliveryRepository,
    private readonly store: StepStore,
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderer,
    private readonly recipients: RecipientsService,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    private readonly discord: DiscordSender,
    private readonly inbox: InboxService,
    private readonly unsubscribe: UnsubscribeTokens,
    private readonly metrics: NotificationMetrics,
  ) {}

  async run(stepId: string): Promise<HandlerOutcome | void> {
    // Held while this worker sends: a redelivered job (an ack_wait that ran out) must not send twice.
    const leaseMs = this.config.notifications.providerTimeoutMs * 2 + 5_000;
    const claimed = await this.store.claim(stepId, new Date(Date.now() + leaseMs));
    if (!claimed) return reject(`no notification step "${stepId}"`);
    const { step, recipient, leased } = claimed;
    if (step.status !== 'queued') return;
    const waitMs = (step.notBefore?.getTime() ?? 0) - Date.now();
    if (waitMs > 0) return retry(Math.min(waitMs, MAX_WAIT_MS), 'waiting for quiet hours to end');
    if (!leased) return retry(leaseMs, 'another worker is sending this step');
    const { notification } = step;
    const template = await this.templates.resolve(
      notification.orgId,
      notification.templateKey,
      notification.templateVersion ?? undefined,
    );
    if (!template || !recipient) {
      await this.repository.advance(step.id, 'skipped', { reason: template ? 'unknown_recipient' : 'no_content' });
      return;
    }
    const startedAt = performance.now();
    const result = await this.send(step, template, recipient);
    if (result) this.metrics.attempt(step.channel, result.outcome, (performance.now() - startedAt) / 1000);
    return this.record(step, result);
  }

  private async send(
    step: StepWithNotification,
    template: TemplateVersionView,
    recipient: NotificationRecipient,
  ): Promise<SendResult | null> {
    const { notification } = step;
    const data = (notification.data ?? {}) as Record<string, unknown>;
    const channel = step.channel as Channel;
    switch (channel) {
      case 'email': {
        const unsubscribeUrl = notification.critical ? undefined : this.unsubscribeUrl(step, template.category);
        const rendered = this.renderer.render(template, 'email', recipient.locale, data, {
          unsubscribe_url: unsubscribeUrl,
        });
        if (!rendered || !recipient.email) return null;
        return this.email.send({ stepId: step.id, orgId: step.orgId, to: recipient.email, rendered, unsubscribeUrl });
      }
      case 'sms': {
        const rendered = this.renderer.render(template, 'sms', recipient.locale, data);
        if (!rendered || !recipient.phone) return null;
        return this.sms.send(step.id, recipient.phone, rendered.body);
      }
      case 'discord': {
        const rendered = this.renderer.render(template, 'discord', recipient.locale, data);
        const url = this.recipients.discordUrl(recipient);
        if (!rendered || !url) return null;
        return this.discord.send(url, rendered);
      }
      default: {
        const rendered = this.renderer.render(template, 'in_app', recipient.locale, data);
        if (!rendered) return null;
        const message = await this.inbox.deliver({
          orgId: step.orgId,
          userId: step.userId,
          notificationId: notification.id,
          category: template.category,
          title: rendered.title,
          body: rendered.body,
        });
        return { outcome: 'sent', delivered: true, providerMessageId: message.id, response: {} };
      }
    }
  }

  private async record(step: StepWithNotification, result: SendResult | null): Promise<HandlerOutcome | void> {
    if (!result) {
      if (await this.repository.advance(step.id, 'skipped', { reason: 'no_address' })) {
        this.metrics.step(step.channel, 'skipped', 'no_address');
      }
      return;
    }
    const attempts = step.attempts + 1;
    if (result.outcome === 'sent') {
      const status = result.delivered ? 'delivered' : 'sent';
      await this.store.recordSent({
        stepId: step.id,
        status,
        attempts,
        response: result.response,
        providerMessageId: result.providerMessageId,
      });
      this.metrics.step(step.channel, status);
      return;
    }
    const schedule = this.config.notifications.retryScheduleMs;
    if (result.outcome === 'failed' || attempts > schedule.length) {
      const reason = result.outcome === 'failed' ? 'provider_rejected' : 'retries_exhausted';
      await this.repository.advance(step.id, 'failed', { reason, attempts, response: result.response });
      this.metrics.step(step.channel, 'failed', reason);
      return;
    }
    await this.repository.recordAttempt(step.id, attempts, result.response);
    this.metrics.step(step.channel, 'retried');
    const delayMs = Math.max(schedule[attempts - 1], result.retryAfterMs ?? 0);
    this.logger.warn(`${step.channel} step ${step.id}: attempt ${attempts} will be retried in ${delayMs} ms`);
    return retry(delayMs, `provider answered ${result.response.status ?? result.response.error ?? 'nothing'}`);
  }

  private unsubscribeUrl(step: StepWithNotification, category: string): string {
    const token = this.unsubscribe.sign({ orgId: step.orgId, userId: step.userId, category, channel: 'email' });
    return `${this.config.notifications.publicUrl}/v1/unsubscribe/${token}`;
  }
}
