import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@herald/events';
import type { EndpointDisabling } from './delivery.store';

export const ENDPOINT_DISABLED_EVENT = 'webhook.endpoint.disabled';

/**
 * Tells the organization that Herald disabled one of its endpoints: a `webhook.endpoint.disabled`
 * event on EVENTS, which the notifications app turns into a message to the org's admins and which
 * the org's other endpoints may subscribe to.
 */
@Injectable()
export class EndpointDisabledAnnouncer {
  private readonly logger = new Logger(EndpointDisabledAnnouncer.name);

  constructor(private readonly events: EventPublisher) {}

  async announce(endpoint: { id: string; orgId: string; url: string }, disabling: EndpointDisabling): Promise<void> {
    this.logger.warn(`endpoint ${endpoint.id} disabled: ${disabling.description}`);
    await this.events.publish({
      orgId: endpoint.orgId,
      type: ENDPOINT_DISABLED_EVENT,
      data: {
        endpoint_id: endpoint.id,
        url: endpoint.url,
        reason: disabling.reason,
        description: disabling.description,
        disabled_at: disabling.disabledAt.toISOString(),
      },
    });
  }
}
