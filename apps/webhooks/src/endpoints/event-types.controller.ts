import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '@herald/auth';
import { EventTypeCatalogue } from '@herald/events';
import { EventTypeListDto } from './dto/endpoint-response.dto';

@ApiTags('webhooks')
@Controller('v1/event-types')
export class EventTypesController {
  constructor(private readonly catalogue: EventTypeCatalogue) {}

  @Get()
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'The event types endpoints can subscribe to' })
  @ApiOkResponse({ type: EventTypeListDto })
  async list(): Promise<EventTypeListDto> {
    const types = await this.catalogue.list();
    return { event_types: types.map(({ name, description }) => ({ name, description })) };
  }
}
