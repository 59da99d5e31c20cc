import { Injectable, Logger } from '@nestjs/common';
import type { NotificationStep } from '@herald/database';
import type { Channel } from '../channels/channel';
import { DeliveryRepository } from '../delivery/delivery.repository';
import type { StepReason, StepStatus } from '../delivery/step-status';
import { optOut, storedPreferences } from '../recipients/preferences';
import { RecipientsRepository } from '../recipients/recipients.repository';

export type SendgridEvent = {
  event?: string;
  email?: string;
  sg_event_id?: string;
  sg_message_id?: string;
  reason?: string;
  type?: string;
  herald_step_id?: string;
  herald_org_id?: string;
};

export type TwilioStatus = { MessageSid?: string; MessageStatus?: string; ErrorCode?: string; To?: string };

type Transition = { status: StepStatus; reason?: StepReason; suppress?: string };

const SENDGRID: Record<string, Transition> = {
  delivered: { status: 'delivered' },
  open: { status: 'delivered' },
  click: { status: 'delivered' },
  bounce: { status: 'failed', reason: 'bounced', suppress: 'bounced' },
  dropped: { status: 'failed', reason: 'dropped' },
  spamreport: { status: 'delivered', suppress: 'spam_report' },
};

const TWILIO: Record<string, Transition> = {
  sent: { status: 'sent' },
  delivered: { status: 'delivered' },
  undelivered: { status: 'failed', reason: 'undelivered' },
  failed: { status: 'failed', reason: 'undelivered' },
};

/** SendGrid's own unsubscribe links (when enabled in the account) opt out like ours. */
const UNSUBSCRIBE_EVENTS = new Set(['unsubscribe', 'group_unsubscribe']);

/** Twilio's "recipient has opted out" (the recipient replied STOP). */
const TWILIO_OPTED_OUT = '21610';
export const STOP_KEYWORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);

/**
 * Provider callbacks arrive late, twice and out of order: each is applied once (keyed by
 * sg_event_id, or Twilio SID + status) and only ever moves a step forward. Bounces, spam reports and
 * STOP suppress the address.
 */
@Injectable()
export class ProviderCallbacksService {
  private readonly logger = new Logger(ProviderCallbacksService.name);

  constructor(
    private readonly repository: DeliveryRepository,
    private readonly recipients: RecipientsRepository,
  ) {}

  async applySendgrid(events: SendgridEvent[]): Promise<{ applied: number }> {
    let applied = 0;
    for (const event of events) {
      if (!event.sg_event_id || !event.event) continue;
      if (!(await this.repository.firstCallback('sendgrid', event.sg_event_id))) continue;
      const step = await this.sendgridStep(event);
      if (step && UNSUBSCRIBE_EVENTS.has(event.event)) {
        await this.optOut(step);
        applied += 1;
        continue;
      }
      const transition = SENDGRID[event.event];
      if (!step || !transition) continue;
      applied += 1;
      await this.apply(step, 'email', transition, { provider: 'sendgrid', event: event.event, reason: event.reason });
      // A "blocked" bounce is the receiving server refusing for now, not a dead address.
      if (transition.suppress && event.email && event.type !== 'blocked') {
        await this.repository.suppress(step.orgId, 'email', event.email, transition.suppress);
      }
    }
    return { applied };
  }

  async applyTwilio(status: TwilioStatus): Promise<{ applied: number }> {
    const { MessageSid: sid, MessageStatus: messageStatus } = status;
    if (!sid || !messageStatus) return { applied: 0 };
    if (!(await this.repository.firstCallback('twilio', `${sid}:${messageStatus}`))) return { applied: 0 };
    const step = await this.repository.findStepByProviderId(sid);
    const transition = TWILIO[messageStatus];
    if (!step || !transition) return { applied: 0 };
    await this.apply(step, 'sms', transition, {
      provider: 'twilio',
      event: messageStatus,
      error_code: status.ErrorCode,
    });
    if (status.ErrorCode === TWILIO_OPTED_OUT && status.To) {
      await this.repository.suppress(step.orgId, 'sms', status.To, 'stop');
    }
    return { applied: 1 };
  }

  /** An inbound SMS: STOP (and its synonyms) suppresses the sender in every org that knows the number. */
  async applyInboundSms(from: string | undefined, body: string | undefined): Promise<{ suppressed: boolean }> {
    if (!from || !body || !STOP_KEYWORDS.has(body.trim().toUpperCase())) return { suppressed: false };
    const orgs = await this.repository.recipientsWithPhone(from);
    for (const { orgId } of orgs) await this.repository.suppress(orgId, 'sms', from, 'stop');
    return { suppressed: orgs.length > 0 };
  }

  private async apply(
    step: NotificationStep,
    channel: Channel,
    transition: Transition,
    response: Record<string, unknown>,
  ): Promise<void> {
    const moved = await this.repository.advance(step.id, transition.status, {
      ...(transition.reason ? { reason: transition.reason } : {}),
      response,
    });
    if (!moved) this.logger.debug(`${channel} step ${step.id}: ${String(response['event'])} changes nothing now`);
  }

  private async optOut(step: NotificationStep): Promise<void> {
    const notification = await this.repository.findNotification(step.orgId, step.notificationId);
    const recipient = await this.recipients.find(step.orgId, step.userId);
    if (!notification?.category || !recipient) return;
    const preferences = optOut(storedPreferences(recipient.preferences), notification.category, 'email');
    await this.recipients.setPreferences(step.orgId, step.userId, preferences);
  }

  private async sendgridStep(event: SendgridEvent): Promise<NotificationStep | null> {
    if (event.herald_step_id) {
      const step = await this.repository.findStep(event.herald_step_id);
      if (step) return step;
    }
    // sg_message_id is the X-Message-Id of the send, followed by ".filter…".
    const messageId = event.sg_message_id?.split('.')[0];
    return messageId ? this.repository.findStepByProviderId(messageId) : null;
  }
}
