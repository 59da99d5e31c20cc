import { Module } from '@nestjs/common';
import { InboundEventPublisher } from './inbound-event.publisher';
import { InboundEventsController } from './inbound-events.controller';
import { InboundEventsRepository } from './inbound-events.repository';
import { InboundEventsService } from './inbound-events.service';

/** The accepted events: their log, and replay. The repository and publisher serve ingestion too. */
@Module({
  controllers: [InboundEventsController],
  providers: [InboundEventsService, InboundEventsRepository, InboundEventPublisher],
  exports: [InboundEventsRepository, InboundEventPublisher],
})
export class InboundEventsModule {}
