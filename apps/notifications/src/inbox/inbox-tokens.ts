import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SignedTokenCodec } from '../common/signed-token.codec';

export type InboxClaim = { orgId: string; userId: string; expiresAt: Date };

/** A token a browser holds to read one user's inbox: no API key leaves the server. */
@Injectable()
export class InboxTokens {
  private readonly codec: SignedTokenCodec;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.codec = new SignedTokenCodec(config.secrets.key, 'herald.inbox.v1');
  }

  issue(orgId: string, userId: string, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: Date } {
    const expiresAt = new Date(now + ttlSeconds * 1000);
    return { token: `inbx_${this.codec.encode({ o: orgId, u: userId, e: expiresAt.getTime() })}`, expiresAt };
  }

  verify(token: string, now = Date.now()): InboxClaim | null {
    if (!token.startsWith('inbx_')) return null;
    const claim = this.codec.decode(token.slice('inbx_'.length));
    if (!claim) return null;
    const { o, u, e } = claim;
    if (typeof o !== 'string' || typeof u !== 'string' || typeof e !== 'number' || e <= now) return null;
    return { orgId: o, userId: u, expiresAt: new Date(e) };
  }
}
