import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { InboundEvent } from '@herald/database';
import { cursorPage, DEFAULT_PAGE_SIZE } from '@herald/http-app';
import { bodyKindOf, parseInboundBody } from '../ingestion/inbound-body';
import type { InboundEventDetailDto, InboundEventListDto, ReplayedEventDto } from './dto/inbound-event-response.dto';
import type { ListInboundEventsQuery } from './dto/list-inbound-events.query';
import { InboundEventPublisher, InboundPublishError } from './inbound-event.publisher';
import { inboundEventSubject } from '../topology';
import { toInboundEventDetail, toInboundEventView } from './inbound-event-view';
import { InboundEventsRepository } from './inbound-events.repository';

@Injectable()
export class InboundEventsService {
  constructor(
    private readonly events: InboundEventsRepository,
    private readonly publisher: InboundEventPublisher,
  ) {}

  async list(orgId: string, query: ListInboundEventsQuery): Promise<InboundEventListDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.events.page(orgId, { source: query.source, limit, cursor: query.cursor });
    const { items, nextCursor } = cursorPage(rows, limit);
    return { events: items.map(toInboundEventView), next_cursor: nextCursor };
  }

  async get(orgId: string, id: string): Promise<InboundEventDetailDto> {
    const event = await this.events.find(orgId, id);
    if (!event) throw notFound(id);
    return toInboundEventDetail(event, storedData(event));
  }

  /** Publishes the stored event again, as it was received, marked with its replay number. */
  async replay(orgId: string, id: string): Promise<ReplayedEventDto> {
    try {
      const replayed = await this.events.replay(orgId, id, (event) =>
        this.publisher.publish(event, storedData(event), event.replayCount),
      );
      if (!replayed) throw notFound(id);
      return { id: replayed.id, replay_count: replayed.replayCount, subject: inboundEventSubject(replayed) };
    } catch (error) {
      if (error instanceof InboundPublishError) {
        throw new ServiceUnavailableException('the event could not be published; try again');
      }
      throw error;
    }
  }
}

/** The body as it was published: parsed again from the stored bytes. */
function storedData(event: InboundEvent): unknown {
  return parseInboundBody(bodyKindOf(event.contentType) ?? 'text', Buffer.from(event.rawBody));
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`inbound event ${id} not found`);
}
