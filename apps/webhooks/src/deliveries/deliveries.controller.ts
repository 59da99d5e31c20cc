import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryResendService, type ResendAnswer } from './delivery-resend.service';
import { DeliveryDetailDto, DeliveryListDto } from './dto/delivery-response.dto';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

@ApiTags('deliveries')
@RequireScope('webhooks:read')
@Controller('v1')
export class DeliveriesController {
  constructor(
    private readonly log: DeliveryLogService,
    private readonly resend: DeliveryResendService,
  ) {}

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
}
