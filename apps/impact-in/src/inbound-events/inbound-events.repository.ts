import { Injectable } from '@nestjs/common';
import { type InboundEvent, type Prisma, PrismaService } from '@herald/database';

export type NewInboundEvent = Omit<InboundEvent, 'replayCount' | 'lastReplayedAt' | 'headers' | 'rawBody'> & {
  headers: Prisma.InputJsonValue;
  rawBody: Uint8Array<ArrayBuffer>;
};

export type AcceptResult = { id: string; duplicate: boolean };

export type EventPageQuery = { source?: string; limit: number; cursor?: string };

/** Publishing holds the row's transaction open: bounded by the publisher's own deadline, with room to spare. */
const TRANSACTION_TIMEOUT_MS = 20_000;

/** Inbound events, read within one organization; stored only together with a successful publish. */
@Injectable()
export class InboundEventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the event and publishes it in one transaction: a publish that fails rolls the row back,
   * so nothing is half-stored. A second delivery of the same (source, dedup key) inserts nothing
   * and gets the first one's id; a concurrent one waits on the unique key until the first commits.
   */
  accept(event: NewInboundEvent, publish: () => Promise<void>): Promise<AcceptResult> {
    return this.prisma.$transaction(
      async (tx) => {
        const { count } = await tx.inboundEvent.createMany({ data: [event], skipDuplicates: true });
        if (count === 0) {
          const first = await tx.inboundEvent.findFirstOrThrow({
            where: { sourceId: event.sourceId, dedupKey: event.dedupKey },
            select: { id: true },
          });
          return { id: first.id, duplicate: true };
        }
        await publish();
        await tx.inboundEvent.update({ where: { id: event.id }, data: { publishedAt: new Date() } });
        return { id: event.id, duplicate: false };
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
    );
  }

  find(orgId: string, id: string): Promise<InboundEvent | null> {
    return this.prisma.inboundEvent.findFirst({ where: { id, orgId } });
  }

  /** Newest first, fetching one extra row to know whether another page follows. */
  page(orgId: string, query: EventPageQuery): Promise<InboundEvent[]> {
    return this.prisma.inboundEvent.findMany({
      where: {
        orgId,
        ...(query.source ? { sourceName: query.source } : {}),
        ...(query.cursor ? { id: { lt: query.cursor } } : {}),
      },
      orderBy: { id: 'desc' },
      take: query.limit + 1,
    });
  }

  /** Counts the replay and publishes it in one transaction: a failed publish counts nothing. */
  replay(orgId: string, id: string, publish: (event: InboundEvent) => Promise<void>): Promise<InboundEvent | null> {
    return this.prisma.$transaction(
      async (tx) => {
        const { count } = await tx.inboundEvent.updateMany({
          where: { id, orgId },
          data: { replayCount: { increment: 1 }, lastReplayedAt: new Date() },
        });
        if (count === 0) return null;
        const event = await tx.inboundEvent.findUniqueOrThrow({ where: { id } });
        await publish(event);
        return event;
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
    );
  }
}
