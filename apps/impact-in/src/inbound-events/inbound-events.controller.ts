import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { InboundEventDetailDto, InboundEventListDto, ReplayedEventDto } from './dto/inbound-event-response.dto';
import { ListInboundEventsQuery } from './dto/list-inbound-events.query';
import { InboundEventsService } from './inbound-events.service';

@ApiTags('inbound events')
@RequireScope('inbound:manage')
@Controller('v1/inbound-events')
export class InboundEventsController {
  constructor(private readonly events: InboundEventsService) {}

  @Get()
  @ApiOperation({ summary: 'Accepted inbound events, newest first; filter by source name, page with the cursor' })
  @ApiOkResponse({ type: InboundEventListDto })
  list(@CurrentOrgId() orgId: string, @Query() query: ListInboundEventsQuery): Promise<InboundEventListDto> {
    return this.events.list(orgId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inbound event with its kept headers, raw body and parsed data' })
  @ApiOkResponse({ type: InboundEventDetailDto })
  @ApiNotFoundResponse()
  get(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<InboundEventDetailDto> {
    return this.events.get(orgId, id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish the event to INBOUND again (same id, with `replay` set in the envelope)' })
  @ApiAcceptedResponse({ type: ReplayedEventDto })
  @ApiNotFoundResponse()
  @ApiServiceUnavailableResponse({ description: 'INBOUND did not acknowledge; nothing was counted' })
  replay(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<ReplayedEventDto> {
    return this.events.replay(orgId, id);
  }
}
