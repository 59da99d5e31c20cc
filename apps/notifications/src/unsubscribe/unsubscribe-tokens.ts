import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { type Channel, isChannel } from '../channels/channel';
import { SignedTokenCodec } from '../common/signed-token.codec';

export type UnsubscribeClaim = { orgId: string; userId: string; category: string; channel: Channel };

/** The token of an unsubscribe link: org, user, category and channel, signed; it does not expire. */
@Injectable()
export class UnsubscribeTokens {
  private readonly codec: SignedTokenCodec;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.codec = new SignedTokenCodec(config.secrets.key, 'herald.unsubscribe.v1');
  }

  sign(claim: UnsubscribeClaim): string {
    return this.codec.encode({ o: claim.orgId, u: claim.userId, c: claim.category, ch: claim.channel });
  }

  verify(token: string): UnsubscribeClaim | null {
    const claim = this.codec.decode(token);
    if (!claim) return null;
    const { o, u, c, ch } = claim;
    if (typeof o !== 'string' || typeof u !== 'string' || typeof c !== 'string') return null;
    if (typeof ch !== 'string' || !isChannel(ch)) return null;
    return { orgId: o, userId: u, category: c, channel: ch };
  }
}
