import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { type Channel, isChannel } from '../channels/channel';

export type UnsubscribeClaim = { orgId: string; userId: string; category: string; channel: Channel };

const CONTEXT = 'herald.unsubscribe.v1';

/**
 * `<base64url JSON claim>.<base64url HMAC-SHA256>` keyed by a key derived from SECRETS_KEY: a link
 * validates without a database look-up, and a changed claim does not.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.key = createHmac('sha256', config.secrets.key).update(CONTEXT).digest();
  }

  sign(claim: UnsubscribeClaim): string {
    const payload = Buffer.from(
      JSON.stringify({ o: claim.orgId, u: claim.userId, c: claim.category, ch: claim.channel }),
    ).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: string): UnsubscribeClaim | null {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = this.mac(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claim = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const { o, u, c, ch } = claim;
      if (typeof o !== 'string' || typeof u !== 'string' || typeof c !== 'string') return null;
      if (typeof ch !== 'string' || !isChannel(ch)) return null;
      return { orgId: o, userId: u, category: c, channel: ch };
    } catch {
      return null;
    }
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
