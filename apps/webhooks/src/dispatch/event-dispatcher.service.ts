import { Injectable } from '@nestjs/common';
import { type EventEnvelope, EventTypeCatalogue, webhookDeliverySubject } from '@herald/events';
import { type HandlerOutcome, JetStreamPublisher, reject } from '@herald/jetstream';
import { deliveryJobFor, firstAttemptJob } from '../deliveries/delivery-job';
import { webhookBody } from '../deliveries/webhook-request.factory';
import { EndpointDirectory } from '../endpoints/endpoint-directory';
import { DispatchRepository, type PendingDelivery } from './dispatch.repository';

/**
 * Fans an event out to the organization's subscribed endpoints: the deliveries are made durable
 * first, then one job per delivery is published (`Nats-Msg-Id` = delivery id, so a re-dispatch
 * publishes each job once). Only then is the event acked. A new delivery's job carries its body.
 */
@Injectable()
export class EventDispatcher {
  constructor(
    private readonly catalogue: EventTypeCatalogue,
    private readonly repository: DispatchRepository,
    private readonly publisher: JetStreamPublisher,
    private readonly directory: EndpointDirectory,
  ) {}

  async dispatch(envelope: EventEnvelope): Promise<HandlerOutcome | void> {
    if (!(await this.catalogue.isKnown(envelope.type))) return reject(`unknown event type "${envelope.type}"`);
    const endpointIds = await this.directory.subscribedTo(envelope.org_id, envelope.type);
    if (endpointIds.length === 0) return;
    await this.enqueue(envelope, endpointIds);
  }

  /** Stores the event and a delivery per endpoint, then publishes a job for each delivery still pending. */
  async enqueue(envelope: EventEnvelope, endpointIds: string[]): Promise<PendingDelivery[]> {
    const body = webhookBody(envelope);
    const deliveries = await this.repository.recordDeliveries(envelope, body, endpointIds);
    await Promise.all(
      deliveries.map((delivery) =>
        this.publisher.publish(
          webhookDeliverySubject(delivery.endpointId),
          delivery.created ? firstAttemptJob(delivery, body) : deliveryJobFor(delivery),
          { msgId: delivery.id },
        ),
      ),
    );
    return deliveries;
  }
}
