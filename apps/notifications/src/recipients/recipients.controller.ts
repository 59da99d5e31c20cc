import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrgId, RequireScope } from '@herald/auth';
import { PreferencesDto, PutRecipientDto, RecipientDto } from './dto/recipient.dto';
import type { Preferences } from './preferences';
import { RecipientsService } from './recipients.service';

@ApiTags('recipients')
@Controller('v1/users/:userId')
export class RecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Put()
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: "Create or replace a recipient's addresses, locale, time zone and quiet hours" })
  @ApiOkResponse({ type: RecipientDto })
  @ApiBadRequestResponse({ description: 'A bad address, locale or time zone (the field is named)' })
  put(
    @CurrentOrgId() orgId: string,
    @Param('userId') userId: string,
    @Body() body: PutRecipientDto,
  ): Promise<RecipientDto> {
    return this.recipients.put(orgId, userId, body);
  }

  @Get()
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Get a recipient' })
  @ApiOkResponse({ type: RecipientDto })
  @ApiNotFoundResponse()
  get(@CurrentOrgId() orgId: string, @Param('userId') userId: string): Promise<RecipientDto> {
    return this.recipients.get(orgId, userId);
  }

  @Delete()
  @HttpCode(204)
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Forget a recipient: addresses, preferences and in-app inbox' })
  @ApiNotFoundResponse()
  async erase(@CurrentOrgId() orgId: string, @Param('userId') userId: string): Promise<void> {
    await this.recipients.erase(orgId, userId);
  }

  @Get('preferences')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Channel and category × channel preferences; the most specific setting wins' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiNotFoundResponse()
  preferences(@CurrentOrgId() orgId: string, @Param('userId') userId: string): Promise<Preferences> {
    return this.recipients.preferences(orgId, userId);
  }

  @Put('preferences')
  @RequireScope('notifications:manage')
  @ApiOperation({ summary: 'Replace preferences; critical notifications ignore opt-outs' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiNotFoundResponse()
  putPreferences(
    @CurrentOrgId() orgId: string,
    @Param('userId') userId: string,
    @Body() body: PreferencesDto,
  ): Promise<Preferences> {
    return this.recipients.putPreferences(orgId, userId, body);
  }
}
