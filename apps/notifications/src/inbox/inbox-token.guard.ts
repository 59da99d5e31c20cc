import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { type InboxClaim, InboxTokens } from './inbox-tokens';

type InboxRequest = Request & { inboxClaim?: InboxClaim };

/**
 * The end-user inbox routes: `Authorization: Bearer inbx_…`, or `?token=inbx_…` for EventSource,
 * which cannot set headers.
 */
@Injectable()
export class InboxTokenGuard implements CanActivate {
  constructor(private readonly tokens: InboxTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<InboxRequest>();
    const header = request.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const query = typeof request.query['token'] === 'string' ? request.query['token'] : undefined;
    const claim = this.tokens.verify(bearer ?? query ?? '');
    if (!claim) throw new UnauthorizedException('Missing, forged or expired inbox token');
    request.inboxClaim = claim;
    return true;
  }
}

export const CurrentInbox = createParamDecorator(
  (_: unknown, context: ExecutionContext): InboxClaim =>
    context.switchToHttp().getRequest<InboxRequest>().inboxClaim as InboxClaim,
);
