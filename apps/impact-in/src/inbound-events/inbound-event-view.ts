import type { InboundEvent } from '@herald/database';
import { inboundEventSubject } from '../topology';
import type { InboundEventDetailDto, InboundEventDto } from './dto/inbound-event-response.dto';

export function toInboundEventView(event: InboundEvent): InboundEventDto {
  return {
    id: event.id,
    source: event.sourceName,
    source_id: event.sourceId,
    scheme: event.scheme,
    type: event.eventType,
    sender_event_id: event.senderEventId,
    subject: inboundEventSubject(event),
    received_at: event.receivedAt.toISOString(),
    published_at: event.publishedAt.toISOString(),
    replay_count: event.replayCount,
    last_replayed_at: event.lastReplayedAt?.toISOString() ?? null,
  };
}

export function toInboundEventDetail(event: InboundEvent, data: unknown): InboundEventDetailDto {
  return {
    ...toInboundEventView(event),
    content_type: event.contentType,
    headers: event.headers as Record<string, string>,
    body: Buffer.from(event.rawBody).toString('utf8'),
    data,
  };
}
