import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { PageQuery } from '@herald/http-app';
import { CreateEndpointDto, RotateSecretDto, UpdateEndpointDto } from './dto/endpoint-request.dto';
import { CreatedEndpointDto, EndpointDto, EndpointListDto, RotatedSecretDto } from './dto/endpoint-response.dto';
import { EndpointsService } from './endpoints.service';

@ApiTags('webhooks')
@Controller('v1/webhooks')
export class EndpointsController {
  constructor(private readonly endpoints: EndpointsService) {}

  @Post()
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Register an endpoint; the answer carries its signing secret' })
  @ApiCreatedResponse({ type: CreatedEndpointDto })
  @ApiBadRequestResponse({ description: 'Bad URL (not http(s), or a private address), unknown event type, bad secret' })
  create(@CurrentOrgId() orgId: string, @Body() body: CreateEndpointDto): Promise<CreatedEndpointDto> {
    return this.endpoints.create(orgId, body);
  }

  @Get()
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: "List the organization's endpoints (never their secrets)" })
  @ApiOkResponse({ type: EndpointListDto })
  list(@CurrentOrgId() orgId: string, @Query() query: PageQuery): Promise<EndpointListDto> {
    return this.endpoints.list(orgId, query.limit, query.cursor);
  }

  @Get(':id')
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'Get an endpoint' })
  @ApiOkResponse({ type: EndpointDto })
  @ApiNotFoundResponse()
  get(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<EndpointDto> {
    return this.endpoints.get(orgId, id);
  }

  @Patch(':id')
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Change url, events, description or active; re-enabling clears a disable' })
  @ApiOkResponse({ type: EndpointDto })
  @ApiNotFoundResponse()
  update(
    @CurrentOrgId() orgId: string,
    @Param('id') id: string,
    @Body() body: UpdateEndpointDto,
  ): Promise<EndpointDto> {
    return this.endpoints.update(orgId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Delete an endpoint' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async delete(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<void> {
    await this.endpoints.delete(orgId, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireScope('webhooks:manage')
  @ApiOperation({ summary: 'Rotate the signing secret; the old one keeps signing beside the new one for 24 h' })
  @ApiOkResponse({ type: RotatedSecretDto })
  @ApiNotFoundResponse()
  rotateSecret(
    @CurrentOrgId() orgId: string,
    @Param('id') id: string,
    @Body() body: RotateSecretDto,
  ): Promise<RotatedSecretDto> {
    return this.endpoints.rotateSecret(orgId, id, body.secret);
  }
}
