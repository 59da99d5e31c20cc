import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, eventEnvelopeSchema } from '@herald/events';
import { type HandlerOutcome, JetStreamExceptionFilter } from '@herald/jetstream';
import { WEBHOOKS_SUBJECTS } from '../topology';
import { EventDispatcher } from './event-dispatcher.service';

/** Durable consumer `webhooks-dispatcher` on EVENTS. An envelope that fails validation is recorded and terminated. */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class DispatchHandlers {
  constructor(private readonly dispatcher: EventDispatcher) {}

  @EventPattern(WEBHOOKS_SUBJECTS.events, { schema: eventEnvelopeSchema })
  dispatch(@Payload() envelope: EventEnvelope): Promise<HandlerOutcome | void> {
    return this.dispatcher.dispatch(envelope);
  }
}
