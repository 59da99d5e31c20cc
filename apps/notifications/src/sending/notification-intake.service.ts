import { Injectable, NotFoundException } from '@nestjs/common';
import type { Notification, NotificationStep, Prisma } from '@herald/database';
import { SUBJECTS } from '@herald/events';
import { cursorPage, DEFAULT_PAGE_SIZE, invalidField } from '@herald/http-app';
import { newId } from '@herald/ids';
import { JetStreamPublisher } from '@herald/jetstream';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { FanOutService } from '../delivery/fan-out.service';
import { USER_ID_PATTERN } from '../recipients/recipients.service';
import { TemplatesService } from '../templates/templates.service';
import type { AcceptedNotificationDto, NotificationRequest } from './dto/send-notification.dto';

export type NotificationStatusView = {
  id: string;
  user_id: string;
  template: string;
  template_version: number | null;
  category: string | null;
  kind: string;
  status: string;
  error: string | null;
  critical: boolean;
  idempotency_key: string;
  created_at: string;
  channels: Record<string, StepView>;
};

type StepView = {
  status: string;
  reason: string | null;
  attempts: number;
  provider_message_id: string | null;
  provider_response: unknown;
  not_before: string | null;
  sent_at: string | null;
  delivered_at: string | null;
  updated_at: string;
};

/**
 * Every way a notification starts: the REST API (which answers with the id before anything is
 * sent), the `notifications.send` subject, and rules. One notification per (org, idempotency key).
 */
@Injectable()
export class NotificationIntake {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly templates: TemplatesService,
    private readonly fanOut: FanOutService,
    private readonly publisher: JetStreamPublisher,
  ) {}

  /** REST: checked, stored, then put on NOTIFICATIONS; the consumer fans it out. */
  async accept(request: NotificationRequest): Promise<AcceptedNotificationDto> {
    if (!USER_ID_PATTERN.test(request.user_id)) {
      throw invalidField('user_id', 'user_id must be 1 to 128 letters, digits or _ . @ : + -');
    }
    if (!(await this.templates.resolve(request.org_id, request.template))) {
      throw invalidField('template', `template "${request.template}" does not exist`);
    }
    const id = newId('ntf');
    const notification = await this.repository.ensureNotification(
      this.newNotification(request, id, request.idempotency_key ?? id),
    );
    if (notification.status === 'accepted') {
      const message: NotificationRequest = { ...request, notification_id: notification.id };
      await this.publisher.publish(SUBJECTS.notifications, message, { msgId: notification.id });
    }
    return { id: notification.id, status: notification.status };
  }

  /** The consumer of NOTIFICATIONS (and rules): make the notification if needed, then fan it out. */
  async process(request: NotificationRequest, fallbackKey: string): Promise<Notification> {
    const id = request.notification_id ?? newId('ntf');
    const key = request.idempotency_key ?? request.notification_id ?? fallbackKey;
    const notification = await this.repository.ensureNotification(this.newNotification(request, id, key));
    await this.fanOut.fanOut(notification);
    return notification;
  }

  async status(orgId: string, id: string): Promise<NotificationStatusView> {
    const notification = await this.repository.findNotification(orgId, id);
    if (!notification) throw new NotFoundException(`No notification "${id}"`);
    return statusView(notification);
  }

  async list(
    orgId: string,
    query: { user_id?: string; limit?: number; cursor?: string },
  ): Promise<{ notifications: NotificationStatusView[]; next_cursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listNotifications(orgId, query.user_id, limit, query.cursor);
    const page = cursorPage(rows, limit);
    return { notifications: page.items.map(statusView), next_cursor: page.nextCursor };
  }

  private newNotification(request: NotificationRequest, id: string, idempotencyKey: string) {
    return {
      id,
      orgId: request.org_id,
      userId: request.user_id,
      templateKey: request.template,
      critical: request.critical ?? false,
      channels: [...new Set(request.channels ?? [])],
      idempotencyKey,
      kind: 'request',
      data: (request.data ?? {}) as Prisma.InputJsonObject,
    };
  }
}

function statusView(notification: Notification & { steps: NotificationStep[] }): NotificationStatusView {
  return {
    id: notification.id,
    user_id: notification.userId,
    template: notification.templateKey,
    template_version: notification.templateVersion,
    category: notification.category,
    kind: notification.kind,
    status: notification.status,
    error: notification.error,
    critical: notification.critical,
    idempotency_key: notification.idempotencyKey,
    created_at: notification.createdAt.toISOString(),
    channels: Object.fromEntries(
      notification.steps.map((step) => [
        step.channel,
        {
          status: step.status,
          reason: step.reason,
          attempts: step.attempts,
          provider_message_id: step.providerMessageId,
          provider_response: step.providerResponse,
          not_before: step.notBefore?.toISOString() ?? null,
          sent_at: step.sentAt?.toISOString() ?? null,
          delivered_at: step.deliveredAt?.toISOString() ?? null,
          updated_at: step.updatedAt.toISOString(),
        },
      ]),
    ),
  };
}
