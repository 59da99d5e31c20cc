export { ApiKeyGuard } from './api-key.guard';
export { type ApiKeyView, ApiKeysService, type IssuedApiKey } from './api-keys.service';
export { AuthModule } from './auth.module';
export { RequireAdmin, RequireScope } from './auth-requirements';
export { type OrganizationView, OrganizationsService } from './organizations.service';
export type { Principal } from './principal';
export { CurrentOrgId, CurrentPrincipal } from './principal.decorator';
export { grants, isScope, type Scope, SCOPES } from './scopes';
