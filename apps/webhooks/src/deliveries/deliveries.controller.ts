import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryResendService, type ResendAnswer } from './delivery-resend.service';
import { DeliveryStatsService } from './delivery-stats.service';
import { DeliveryDetailDto, DeliveryListDto } from './dto/delivery-response.dto';
import { DeliveryStatsDto, DeliveryStatsQuery } from './dto/delivery-stats.dto';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { ReplayAnswerDto, ReplayRequestDto } from './dto/replay.dto';

@ApiTags('deliveries')
@RequireScope('webhooks:read')
@Controller('v1')
export class DeliveriesController {
  constructor(
    private readonly log: DeliveryLogService,
    private readonly resend: DeliveryResendService,
    private readonly stats: DeliveryStatsService,
  ) {}

  /** Registered before EndpointsController's `webhooks/:id` (see WebhooksModule), or "metrics" would be taken for an id. */
  @Get('webhooks/metrics')
  @ApiOperation({ summary: 'Delivery counts, success rate and mean attempt latency, org-wide or for one endpoint' })
  @ApiOkResponse({ type: DeliveryStatsDto })
  @ApiNotFoundResponse({ description: 'endpoint_id names no endpoint of this organization' })
  metrics(@CurrentOrgId() orgId: string, @Query() query: DeliveryStatsQuery): Promise<DeliveryStatsDto> {
    return this.stats.stats(orgId, query);
  }

  @Get('webhooks/:id/deliveries')
  @ApiOperation({ summary: "An endpoint's deliveries, newest first; filter by status, page with the cursor" })
  @ApiOkResponse({ type: DeliveryListDto })
  @ApiNotFoundResponse()
  list(
    @CurrentOrgId() orgId: string,
    @Param('id') id: string,
    @Query() query: ListDeliveriesQuery,
  ): Promise<DeliveryListDto> {
    return this.log.list(orgId, id, query);
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'A delivery with every attempt: time, duration, status, error, first 1 KiB of the answer' })
  @ApiOkResponse({ type: DeliveryDetailDto })
  @ApiNotFoundResponse()
  get(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<DeliveryDetailDto> {
    return this.log.get(orgId, id);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Send a failed (or delivered) delivery once more, with the same webhook-id' })
  @ApiAcceptedResponse({ schema: { example: { delivery_id: 'dlv_…', event_id: 'evt_…', status: 'pending' } } })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The delivery is still pending, or its endpoint is disabled' })
  retry(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<ResendAnswer> {
    return this.resend.retry(orgId, id);
  }

  @Post('webhooks/:id/test')
  @HttpCode(202)
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Send a webhook.test event to this endpoint alone' })
  @ApiAcceptedResponse({ schema: { example: { delivery_id: 'dlv_…', event_id: 'evt_…', status: 'pending' } } })
  @ApiNotFoundResponse()
  sendTest(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<ResendAnswer> {
    return this.resend.sendTestEvent(orgId, id);
  }

  @Post('webhooks/:id/replay')
  @HttpCode(202)
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Send every failed delivery of this endpoint since a time again, at a bounded rate' })
  @ApiAcceptedResponse({ type: ReplayAnswerDto })
  @ApiBadRequestResponse({ description: 'since is missing or not an ISO 8601 date-time' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The endpoint is disabled' })
  replay(
    @CurrentOrgId() orgId: string,
    @Param('id') id: string,
    @Body() body: ReplayRequestDto,
  ): Promise<ReplayAnswerDto> {
    return this.resend.replay(orgId, id, new Date(body.since));
  }
}
