import { createParamDecorator, type ExecutionContext, InternalServerErrorException } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './principal';

function principalOf(context: ExecutionContext): Principal {
  const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only reachable when a route reads the principal without declaring an auth requirement.
  if (!principal) throw new InternalServerErrorException('route reads the caller without requiring authentication');
  return principal;
}

/** The authenticated caller (operator or API key). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) => principalOf(context));

/** The organization of the calling API key: every query a route makes is confined to it. */
export const CurrentOrgId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const principal = principalOf(context);
  if (principal.kind !== 'api-key') throw new InternalServerErrorException('route needs an organization API key');
  return principal.orgId;
});
