import { Global, Module } from '@nestjs/common';
import { EventPublisher } from './event-publisher';
import { EventTypeCatalogue } from './event-type-catalogue';

/** The event catalogue and the publisher. Needs DatabaseModule and JetStreamModule (both global). */
@Global()
@Module({ providers: [EventPublisher, EventTypeCatalogue], exports: [EventPublisher, EventTypeCatalogue] })
export class EventsModule {}
