import type { HeraldConfig } from '@herald/config';
import { UnsubscribeTokens } from './unsubscribe-tokens';

describe('UnsubscribeTokens', () => {
  const tokens = new UnsubscribeTokens({ secrets: { key: Buffer.alloc(32, 7) } } as HeraldConfig);
  const claim = { orgId: 'org_1', userId: 'ada', category: 'billing', channel: 'email' as const };

  it('verifies what it signed', () => {
    expect(tokens.verify(tokens.sign(claim))).toEqual(claim);
  });

  it('refuses a changed claim, a foreign key and garbage', () => {
    const [, signature] = tokens.sign(claim).split('.');
    const forged = Buffer.from(JSON.stringify({ o: 'org_1', u: 'bob', c: 'billing', ch: 'email' })).toString(
      'base64url',
    );
    expect(tokens.verify(`${forged}.${signature}`)).toBeNull();
    const other = new UnsubscribeTokens({ secrets: { key: Buffer.alloc(32, 8) } } as HeraldConfig);
    expect(tokens.verify(other.sign(claim))).toBeNull();
    expect(tokens.verify('not-a-token')).toBeNull();
  });
});
