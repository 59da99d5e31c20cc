import { Module } from '@nestjs/common';
import { EndpointsModule } from '../endpoints/endpoints.module';
import { DispatchHandlers } from './dispatch.handlers';
import { DispatchRepository } from './dispatch.repository';
import { EventDispatcher } from './event-dispatcher.service';

/** EVENTS → one delivery per subscribed endpoint → one job each on WEBHOOK_DELIVERIES. */
@Module({
  imports: [EndpointsModule],
  controllers: [DispatchHandlers],
  providers: [EventDispatcher, DispatchRepository],
  exports: [EventDispatcher],
})
export class DispatchModule {}
