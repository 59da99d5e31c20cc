import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { buildEnvelope, webhookDeliverySubject } from '@herald/events';
import { JetStreamPublisher } from '@herald/jetstream';
import { EventDispatcher } from '../dispatch/event-dispatcher.service';
import { EndpointsService } from '../endpoints/endpoints.service';
import { deliveryJobFor } from './delivery-job';

export type ResendAnswer = { delivery_id: string; event_id: string; status: 'pending' };

/** Deliveries sent again on request: one failed or delivered delivery, or a test event to one endpoint. */
@Injectable()
export class DeliveryResendService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly publisher: JetStreamPublisher,
    private readonly dispatcher: EventDispatcher,
    private readonly endpoints: EndpointsService,
  ) {}

  /** One more attempt of a settled delivery, with the same webhook-id. */
  async retry(orgId: string, deliveryId: string): Promise<ResendAnswer> {
    const delivery = await this.prisma.webhookDelivery.findFirst({
      where: { id: deliveryId, orgId },
      include: { endpoint: true },
    });
    if (!delivery) throw new NotFoundException(`delivery ${deliveryId} not found`);
    if (!delivery.endpoint.active)
      throw new ConflictException('the endpoint is disabled: re-enable it first (PATCH active: true)');
    // Only a settled delivery moves back to pending: two concurrent retries send it once.
    const { count } = await this.prisma.webhookDelivery.updateMany({
      where: { id: deliveryId, status: { not: 'pending' } },
      data: { status: 'pending', nextAttemptAt: null },
    });
    if (count === 0) throw new ConflictException(`delivery ${deliveryId} is already pending`);
    await this.publisher.publish(webhookDeliverySubject(delivery.endpointId), deliveryJobFor(delivery), {
      msgId: `${delivery.id}.resend.${delivery.attempts + 1}`,
    });
    return { delivery_id: delivery.id, event_id: delivery.eventId, status: 'pending' };
  }

  /** A `webhook.test` event delivered to this endpoint alone. */
  async sendTestEvent(orgId: string, endpointId: string): Promise<ResendAnswer> {
    await this.endpoints.get(orgId, endpointId);
    const envelope = buildEnvelope({
      orgId,
      type: 'webhook.test',
      data: { endpoint_id: endpointId, message: 'A test event from Herald' },
    });
    const [delivery] = await this.dispatcher.enqueue(envelope, [endpointId]);
    return { delivery_id: delivery.id, event_id: envelope.id, status: 'pending' };
  }
}
