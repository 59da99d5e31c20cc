import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';
import { OrganizationsService } from './organizations.service';

/** API keys, scopes and tenancy. Needs DatabaseModule and ConfigModule (both global). */
@Global()
@Module({
  providers: [ApiKeysService, OrganizationsService, ApiKeyGuard],
  exports: [ApiKeysService, OrganizationsService, ApiKeyGuard],
})
export class AuthModule {}
