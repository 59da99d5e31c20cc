import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeysService, CurrentPrincipal, OrganizationsService, type Principal, RequireAdmin } from '@herald/auth';
import { ApiKeyDto, CreateApiKeyDto, IssuedApiKeyDto } from './dto/create-api-key.dto';
import { CreateOrganizationDto, OrganizationDto } from './dto/create-organization.dto';

@ApiTags('admin')
@RequireAdmin()
@Controller('v1/orgs')
export class OrgsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an organization (ADMIN_TOKEN only)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateOrganizationDto,
  ): Promise<OrganizationDto> {
    this.organizations.requireOperator(principal);
    return this.organizations.create(body.name);
  }

  @Post(':orgId/api-keys')
  @ApiOperation({ summary: 'Issue an API key for an organization; the key is shown once' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours' })
  async issueKey(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId') orgId: string,
    @Body() body: CreateApiKeyDto,
  ): Promise<IssuedApiKeyDto> {
    await this.organizations.requireAccessible(principal, orgId);
    return this.apiKeys.issue(orgId, body.scopes);
  }

  @Get(':orgId/api-keys')
  @ApiOperation({ summary: "List an organization's active API keys (never the keys themselves)" })
  @ApiOkResponse({ type: ApiKeyDto, isArray: true })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours' })
  async listKeys(@CurrentPrincipal() principal: Principal, @Param('orgId') orgId: string): Promise<ApiKeyDto[]> {
    await this.organizations.requireAccessible(principal, orgId);
    return this.apiKeys.list(orgId);
  }

  @Delete(':orgId/api-keys/:keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such organization or key, or not yours' })
  async revokeKey(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId') orgId: string,
    @Param('keyId') keyId: string,
  ): Promise<void> {
    await this.organizations.requireAccessible(principal, orgId);
    await this.apiKeys.revoke(orgId, keyId);
  }
}
