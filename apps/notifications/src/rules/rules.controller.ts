import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { CreateRuleDto, RuleDto } from './dto/rule.dto';
import { RulesService } from './rules.service';

@ApiTags('rules')
@Controller('v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Post()
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Events of a type on EVENTS notify the user named by a path in the event' })
  @ApiCreatedResponse({ type: RuleDto })
  @ApiBadRequestResponse({ description: 'Unknown event type or template, bad path' })
  create(@CurrentOrgId() orgId: string, @Body() body: CreateRuleDto): Promise<RuleDto> {
    return this.rules.create(orgId, body);
  }

  @Get()
  @RequireScope('notifications:manage')
  @ApiOkResponse({ type: [RuleDto] })
  async list(@CurrentOrgId() orgId: string): Promise<{ rules: RuleDto[] }> {
    return { rules: await this.rules.list(orgId) };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('notifications:manage')
  async delete(@CurrentOrgId() orgId: string, @Param('id') id: string): Promise<void> {
    await this.rules.delete(orgId, id);
  }
}
