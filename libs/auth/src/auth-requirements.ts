import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard } from './api-key.guard';
import { AUTH_REQUIREMENT, type AuthRequirement } from './auth-requirement';
import type { Scope } from './scopes';

/** The route needs `Authorization: Bearer <api key>` holding `scope`; the caller's org is on the request. */
export function RequireScope(scope: Scope): MethodDecorator & ClassDecorator {
  return requirement({ scope, operatorAllowed: false });
}

/** The route needs ADMIN_TOKEN, or an API key with the `admin` scope (confined to its own org). */
export function RequireAdmin(): MethodDecorator & ClassDecorator {
  return requirement({ scope: 'admin', operatorAllowed: true });
}

function requirement(value: AuthRequirement): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(AUTH_REQUIREMENT, value),
    UseGuards(ApiKeyGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked bearer token' }),
    ApiForbiddenResponse({ description: `The key lacks the \`${value.scope}\` scope` }),
  );
}
