import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryDetailDto, DeliveryListDto } from './dto/delivery-response.dto';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

@ApiTags('deliveries')
@RequireScope('webhooks:read')
@Controller('v1')
export class DeliveriesController {
  constructor(private readonly log: DeliveryLogService) {}

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
}
