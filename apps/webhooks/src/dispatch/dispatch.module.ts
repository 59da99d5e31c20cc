import { Module } from '@nestjs/common';
import type { ConsumerSpec } from '@herald/jetstream';
import { EndpointsModule } from '../endpoints/endpoints.module';
import { DispatchHandlers } from './dispatch.handlers';
import { DispatchRepository } from './dispatch.repository';
import { EventDispatcher } from './event-dispatcher.service';

export const DISPATCHER_CONSUMER: ConsumerSpec = {
  stream: 'EVENTS',
  durable: 'webhooks-dispatcher',
  filterSubject: 'events.>',
  concurrency: 16,
  maxDeliver: 10,
  ackWaitMs: 30_000,
  description: 'Fans events out to subscribed webhook endpoints',
};

/** EVENTS → one delivery per subscribed endpoint → one job each on WEBHOOK_DELIVERIES. */
@Module({
  imports: [EndpointsModule],
  controllers: [DispatchHandlers],
  providers: [EventDispatcher, DispatchRepository],
  exports: [EventDispatcher],
})
export class DispatchModule {}
