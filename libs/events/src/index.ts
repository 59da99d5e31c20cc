export {
  type EnvelopeParseResult,
  EVENT_TYPE_PATTERN,
  type EventEnvelope,
  eventEnvelopeSchema,
  parseEventEnvelope,
  SUBJECT_TOKEN_PATTERN,
  validateEventEnvelope,
} from './event-envelope';
export {
  buildEnvelope,
  EventPublisher,
  InvalidEventError,
  type PublishedEvent,
  type PublishEventInput,
} from './event-publisher';
export { EventTypeCatalogue, type EventTypeView } from './event-type-catalogue';
export { EventsModule } from './events.module';
export { type InboundEnvelope, inboundEnvelopeSchema } from './inbound-envelope';
export { HERALD_STREAMS } from './streams';
export { eventSubject, inboundSubject, orgEventsSubject, SUBJECTS, webhookDeliverySubject } from './subjects';
