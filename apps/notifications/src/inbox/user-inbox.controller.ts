import {
  Body,
  Controller,
  Get,
  HttpCode,
  type MessageEvent,
  NotFoundException,
  Param,
  Post,
  Query,
  Sse,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Observable } from 'rxjs';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { assertUserId } from '../recipients/recipients.service';
import { InboxMessageDto, InboxPageDto, InboxQuery } from './dto/inbox.dto';
import { INBOX_ACTIONS } from './inbox.controller';
import { InboxBroadcaster } from './inbox-broadcaster';
import { CurrentInbox, InboxTokenGuard } from './inbox-token.guard';
import { type InboxClaim, InboxTokens } from './inbox-tokens';
import { type InboxAction, InboxService } from './inbox.service';

const DAY_SECONDS = 24 * 3600;

export class InboxTokenRequestDto {
  @ApiPropertyOptional({ default: DAY_SECONDS, maximum: 7 * DAY_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(7 * DAY_SECONDS)
  ttl_seconds?: number;
}

export class InboxTokenDto {
  @ApiProperty() token!: string;
  @ApiProperty() expires_at!: string;
}

export class UserInboxQuery extends InboxQuery {
  @ApiPropertyOptional({ description: 'The inbox token, for clients that cannot set headers (EventSource)' })
  @IsOptional()
  @IsString()
  token?: string;
}

/** Issues inbox tokens (server side, with an API key). */
@ApiTags('inbox')
@Controller('v1/users/:userId/inbox-token')
export class InboxTokenController {
  constructor(private readonly tokens: InboxTokens) {}

  @Post()
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'A token a browser uses to read this user’s inbox (GET /v1/inbox…)' })
  @ApiCreatedResponse({ type: InboxTokenDto })
  issue(
    @CurrentOrgId() orgId: string,
    @Param('userId') userId: string,
    @Body() body: InboxTokenRequestDto,
  ): InboxTokenDto {
    assertUserId(userId);
    const { token, expiresAt } = this.tokens.issue(orgId, userId, body.ttl_seconds ?? DAY_SECONDS);
    return { token, expires_at: expiresAt.toISOString() };
  }
}

/** The inbox as its user sees it, authorized by an inbox token. */
@ApiTags('inbox')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, forged or expired inbox token' })
@UseGuards(InboxTokenGuard)
@Controller('v1/inbox')
export class UserInboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly broadcaster: InboxBroadcaster,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The token holder’s messages, newest first, with the unread count' })
  @ApiOkResponse({ type: InboxPageDto })
  page(@CurrentInbox() claim: InboxClaim, @Query() query: UserInboxQuery): Promise<InboxPageDto> {
    const { token: _token, ...page } = query;
    return this.inbox.page(claim.orgId, claim.userId, page);
  }

  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events for the token holder: `message` per new message, `ping` every 15 s' })
  stream(@CurrentInbox() claim: InboxClaim): Observable<MessageEvent> {
    return this.broadcaster.events(claim.orgId, claim.userId);
  }

  @Post('read-all')
  @HttpCode(200)
  markAllRead(@CurrentInbox() claim: InboxClaim): Promise<{ updated: number }> {
    return this.inbox.markAllRead(claim.orgId, claim.userId);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxMessageDto })
  mark(
    @CurrentInbox() claim: InboxClaim,
    @Param('id') id: string,
    @Param('action') action: string,
  ): Promise<InboxMessageDto> {
    if (!INBOX_ACTIONS.includes(action as InboxAction)) throw new NotFoundException(`No inbox action "${action}"`);
    return this.inbox.mark(claim.orgId, claim.userId, id, action as InboxAction);
  }
}
