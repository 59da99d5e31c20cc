import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { PageQuery } from '@herald/http-app';
import { CreateSourceDto, RotateSourceSecretDto, UpdateSourceDto } from './dto/source-request.dto';
import { CreatedSourceDto, RotatedSourceSecretDto, SourceDto, SourceListDto } from './dto/source-response.dto';
import { SourcesService } from './sources.service';

@ApiTags('inbound sources')
@RequireScope('inbound:manage')
@Controller('v1/inbound-sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Post()
  @ApiOperation({ summary: 'Register a partner that posts to Herald; the answer carries its ingestion URL' })
  @ApiCreatedResponse({ type: CreatedSourceDto })
  @ApiBadRequestResponse({ description: 'Bad name, scheme, options or secret' })
  @ApiConflictResponse({ description: 'A source of that name already exists in the organization' })
  create(@CurrentOrgId() orgId: string, @Body() body: CreateSourceDto): Promise<CreatedSourceDto> {
    return this.sources.create(orgId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the organization's sources (never their secrets)" })
  @ApiOkResponse({ type: SourceListDto })
  list(@CurrentOrgId() orgId: string, @Query() query: PageQuery): Promise<SourceListDto> {
    return this.sources.list(orgId, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a source' })
  @ApiOkResponse({ type: SourceDto })
  @ApiNotFoundResponse()
  get(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<SourceDto> {
    return this.sources.get(orgId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, options, description, active or rate limit (not the scheme)' })
  @ApiOkResponse({ type: SourceDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'A source of that name already exists in the organization' })
  update(@CurrentOrgId() orgId: string, @Param('id') id: string, @Body() body: UpdateSourceDto): Promise<SourceDto> {
    return this.sources.update(orgId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a source; its stored events stay readable' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async delete(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<void> {
    await this.sources.delete(orgId, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the secret; the previous one is still accepted during the overlap (24 h default)' })
  @ApiOkResponse({ type: RotatedSourceSecretDto })
  @ApiNotFoundResponse()
  rotateSecret(
    @CurrentOrgId() orgId: string,
    @Param('id') id: string,
    @Body() body: RotateSourceSecretDto,
  ): Promise<RotatedSourceSecretDto> {
    return this.sources.rotateSecret(orgId, id, body);
  }
}
