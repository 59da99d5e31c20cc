import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
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
import type { Channel } from '../channels/channel';
import {
  CreateTemplateDto,
  PartialDto,
  PreviewQuery,
  TemplateDto,
  TemplateVersionBodyDto,
  TemplateVersionQuery,
} from './dto/template.dto';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@Controller('v1')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post('templates')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Create a template (version 1); Handlebars and MJML are compiled now' })
  @ApiCreatedResponse({ type: TemplateDto })
  @ApiBadRequestResponse({ description: 'A field that does not compile (Handlebars or MJML), named with the problem' })
  @ApiConflictResponse({ description: 'The key is taken' })
  create(@CurrentOrgId() orgId: string, @Body() body: CreateTemplateDto): Promise<TemplateDto> {
    return this.templates.create(orgId, body);
  }

  @Get('templates')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Every template at its current version' })
  @ApiOkResponse({ type: [TemplateDto] })
  async list(@CurrentOrgId() orgId: string): Promise<{ templates: TemplateDto[] }> {
    return { templates: await this.templates.list(orgId) };
  }

  @Put('templates/:key')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Add a version and make it current; sends record the version they used' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiNotFoundResponse()
  addVersion(
    @CurrentOrgId() orgId: string,
    @Param('key') key: string,
    @Body() body: TemplateVersionBodyDto,
  ): Promise<TemplateDto> {
    return this.templates.addVersion(orgId, key, body);
  }

  @Get('templates/:key')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'A template at its current version (or ?version=)' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiNotFoundResponse()
  get(
    @CurrentOrgId() orgId: string,
    @Param('key') key: string,
    @Query() query: TemplateVersionQuery,
  ): Promise<TemplateDto> {
    return this.templates.get(orgId, key, query.version);
  }

  @Get('templates/:key/preview')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: "Render a channel with the template's sample data" })
  @ApiNotFoundResponse()
  preview(@CurrentOrgId() orgId: string, @Param('key') key: string, @Query() query: PreviewQuery): Promise<unknown> {
    return this.templates.preview(orgId, key, query.channel as Channel, query.locale, query.version);
  }

  @Put('template-partials/:name')
  @HttpCode(204)
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Create or replace a partial ({{> name}}); it is inlined into versions made after' })
  @ApiNoContentResponse()
  async putPartial(
    @CurrentOrgId() orgId: string,
    @Param('name') name: string,
    @Body() body: PartialDto,
  ): Promise<void> {
    await this.templates.putPartial(orgId, name, body.content);
  }
}
