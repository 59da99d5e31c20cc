import {
  Controller,
  Get,
  HttpCode,
  type MessageEvent,
  NotFoundException,
  Param,
  Post,
  Query,
  Sse,
} from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { assertUserId } from '../recipients/recipients.service';
import { InboxMessageDto, InboxPageDto, InboxQuery } from './dto/inbox.dto';
import { InboxBroadcaster } from './inbox-broadcaster';
import { type InboxAction, InboxService } from './inbox.service';

export const INBOX_ACTIONS: readonly InboxAction[] = ['read', 'unread', 'seen', 'archive'];

@ApiTags('inbox')
@Controller('v1/users/:userId/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly broadcaster: InboxBroadcaster,
  ) {}

  @Get()
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'In-app messages, newest first, with the unread count' })
  @ApiOkResponse({ type: InboxPageDto })
  page(
    @CurrentOrgId() orgId: string,
    @Param('userId') userId: string,
    @Query() query: InboxQuery,
  ): Promise<InboxPageDto> {
    assertUserId(userId);
    return this.inbox.page(orgId, userId, query);
  }

  @Sse('stream')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Server-sent events: `message` for each new in-app message, `ping` every 15 s' })
  stream(@CurrentOrgId() orgId: string, @Param('userId') userId: string): Observable<MessageEvent> {
    assertUserId(userId);
    return this.broadcaster.events(orgId, userId);
  }

  @Post('read-all')
  @HttpCode(200)
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Mark every message read' })
  markAllRead(@CurrentOrgId() orgId: string, @Param('userId') userId: string): Promise<{ updated: number }> {
    return this.inbox.markAllRead(orgId, userId);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'read, unread, seen or archive one message' })
  @ApiOkResponse({ type: InboxMessageDto })
  @ApiNotFoundResponse()
  mark(
    @CurrentOrgId() orgId: string,
    @Param('userId') userId: string,
    @Param('id') id: string,
    @Param('action') action: string,
  ): Promise<InboxMessageDto> {
    if (!INBOX_ACTIONS.includes(action as InboxAction)) throw new NotFoundException(`No inbox action "${action}"`);
    return this.inbox.mark(orgId, userId, id, action as InboxAction);
  }
}
