import { Injectable, NotFoundException } from '@nestjs/common';
import { type InboxMessage, type Prisma, PrismaService } from '@herald/database';
import { cursorPage, DEFAULT_PAGE_SIZE } from '@herald/http-app';
import { newId } from '@herald/ids';
import type { InboxMessageDto, InboxPageDto, InboxQuery } from './dto/inbox.dto';
import { InboxBroadcaster } from './inbox-broadcaster';

export type NewInboxMessage = {
  orgId: string;
  userId: string;
  notificationId: string;
  category: string | null;
  title: string;
  body: string;
};

export type InboxAction = 'read' | 'seen' | 'archive' | 'unread';

@Injectable()
export class InboxService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly broadcaster: InboxBroadcaster,
  ) {}

  /** Stores the message once per notification and announces it to open event streams. */
  async deliver(message: NewInboxMessage): Promise<InboxMessage> {
    await this.prisma.inboxMessage.createMany({ data: [{ id: newId('msg'), ...message }], skipDuplicates: true });
    const stored = await this.prisma.inboxMessage.findUniqueOrThrow({
      where: { notificationId: message.notificationId },
    });
    this.broadcaster.announce(stored.orgId, stored.userId, inboxView(stored));
    return stored;
  }

  async page(orgId: string, userId: string, query: InboxQuery): Promise<InboxPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: Prisma.InboxMessageWhereInput = { orgId, userId };
    if (query.status === 'archived') where.archivedAt = { not: null };
    else where.archivedAt = null;
    if (query.status === 'unread') where.readAt = null;
    const [rows, unread] = await Promise.all([
      this.prisma.inboxMessage.findMany({
        where: { ...where, ...(query.cursor ? { id: { lt: query.cursor } } : {}) },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
      this.prisma.inboxMessage.count({ where: { orgId, userId, readAt: null, archivedAt: null } }),
    ]);
    const page = cursorPage(rows, limit);
    return { messages: page.items.map(inboxView), unread_count: unread, next_cursor: page.nextCursor };
  }

  async mark(orgId: string, userId: string, id: string, action: InboxAction): Promise<InboxMessageDto> {
    const now = new Date();
    const data: Prisma.InboxMessageUpdateManyMutationInput =
      action === 'read'
        ? { readAt: now }
        : action === 'unread'
          ? { readAt: null }
          : action === 'seen'
            ? { seenAt: now }
            : { archivedAt: now };
    const where = { id, orgId, userId, ...(action === 'unread' ? {} : { [fieldOf(action)]: null }) };
    await this.prisma.inboxMessage.updateMany({ where, data });
    const message = await this.prisma.inboxMessage.findFirst({ where: { id, orgId, userId } });
    if (!message) throw new NotFoundException(`No inbox message "${id}"`);
    return inboxView(message);
  }

  async markAllRead(orgId: string, userId: string): Promise<{ updated: number }> {
    const { count } = await this.prisma.inboxMessage.updateMany({
      where: { orgId, userId, readAt: null },
      data: { readAt: new Date() },
    });
    return { updated: count };
  }
}

/** Only the first read (seen, archive) is recorded: a repeat keeps the original time. */
function fieldOf(action: Exclude<InboxAction, 'unread'>): 'readAt' | 'seenAt' | 'archivedAt' {
  return action === 'read' ? 'readAt' : action === 'seen' ? 'seenAt' : 'archivedAt';
}

export function inboxView(message: InboxMessage): InboxMessageDto {
  return {
    id: message.id,
    notification_id: message.notificationId,
    category: message.category,
    title: message.title,
    body: message.body,
    seen_at: message.seenAt?.toISOString() ?? null,
    read_at: message.readAt?.toISOString() ?? null,
    archived_at: message.archivedAt?.toISOString() ?? null,
    created_at: message.createdAt.toISOString(),
  };
}
