import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import type { Channel } from '../channels/channel';
import { AcceptedNotificationDto, ListNotificationsQuery, SendNotificationDto } from './dto/send-notification.dto';
import { NotificationIntake, type NotificationStatusView } from './notification-intake.service';

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly intake: NotificationIntake) {}

  @Post()
  @HttpCode(202)
  @RequireScope('notifications:send')
  @ApiOperation({ summary: 'Send a notification: one step per channel, each with its own status' })
  @ApiAcceptedResponse({ type: AcceptedNotificationDto })
  @ApiBadRequestResponse({ description: 'Unknown template, bad user id or channel' })
  send(@CurrentOrgId() orgId: string, @Body() body: SendNotificationDto): Promise<AcceptedNotificationDto> {
    return this.intake.accept({ ...body, channels: body.channels as Channel[] | undefined, org_id: orgId });
  }

  @Get()
  @RequireScope('notifications:send')
  @ApiOperation({ summary: 'Notifications, newest first (optionally one user’s), each with its channels’ statuses' })
  @ApiOkResponse()
  list(
    @CurrentOrgId() orgId: string,
    @Query() query: ListNotificationsQuery,
  ): Promise<{ notifications: NotificationStatusView[]; next_cursor: string | null }> {
    return this.intake.list(orgId, query);
  }

  @Get(':id')
  @RequireScope('notifications:send')
  @ApiOperation({ summary: "Every channel's status: queued, sent, delivered, failed or skipped (with the reason)" })
  @ApiOkResponse()
  @ApiNotFoundResponse()
  status(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<NotificationStatusView> {
    return this.intake.status(orgId, id);
  }
}
