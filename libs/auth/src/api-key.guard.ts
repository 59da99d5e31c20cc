import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { ApiKeysService } from './api-keys.service';
import { AUTH_REQUIREMENT, type AuthRequirement } from './auth-requirement';
import type { AuthenticatedRequest, Principal } from './principal';
import { grants } from './scopes';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly adminTokenDigest: Buffer;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    @Inject(HERALD_CONFIG) config: HeraldConfig,
  ) {
    this.adminTokenDigest = digest(config.auth.adminToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.identify(bearerToken(request), requirement);
    return true;
  }

  private async identify(token: string, requirement: AuthRequirement): Promise<Principal> {
    if (requirement.operatorAllowed && timingSafeEqual(digest(token), this.adminTokenDigest)) {
      return { kind: 'operator' };
    }
    const principal = await this.apiKeys.authenticate(token);
    if (!principal || principal.kind !== 'api-key') throw new UnauthorizedException('unknown or revoked API key');
    if (!grants(principal.scopes, requirement.scope)) {
      throw new ForbiddenException(`this API key lacks the "${requirement.scope}" scope`);
    }
    return principal;
  }
}

function bearerToken(request: AuthenticatedRequest): string {
  const header = request.headers['authorization'];
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new UnauthorizedException('missing "Authorization: Bearer <key>" header');
  return match[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
