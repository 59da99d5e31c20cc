import type { InboundEvent } from '@herald/database';
import { inboundSubject } from '@herald/events';
import { subjectEventType } from './ingestion/sender-event';

/**
 * The impact-in app's messaging in one place. It reads no stream: every verified inbound webhook is
 * stored, then published to the shared INBOUND stream (libs/events) on the subject below, for any
 * service to consume.
 */
export function inboundEventSubject(event: Pick<InboundEvent, 'sourceName' | 'eventType'>): string {
  return inboundSubject(event.sourceName, subjectEventType(event.eventType));
}
