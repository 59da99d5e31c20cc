import { randomBytes } from 'node:crypto';
import type { HeraldConfig } from '@herald/config';
import { SecretBoxError } from './secret-box';
import { SecretVault } from './secret-vault';

describe('SecretVault', () => {
  const vault = new SecretVault({ secrets: { key: randomBytes(32) } } as HeraldConfig);
  const now = new Date('2026-12-04T12:00:00Z');

  it('opens a sealed value only in the context it was sealed for', () => {
    const sealed = vault.seal('ep_1', 'whsec_abc');

    expect(sealed).not.toContain('whsec_abc');
    expect(vault.open('ep_1', sealed)).toBe('whsec_abc');
    expect(() => vault.open('ep_2', sealed)).toThrow(SecretBoxError);
  });

  it('keeps a rotated-out secret in force beside the current one until it expires', () => {
    const row = {
      id: 'src_1',
      secret: vault.seal('src_1', 'new'),
      previousSecret: vault.seal('src_1', 'old'),
      previousSecretExpiresAt: new Date(now.getTime() + 1_000),
    };

    expect(vault.activeSecrets(row, now)).toEqual(['new', 'old']);
    expect(vault.activeSecrets(row, new Date(now.getTime() + 1_000))).toEqual(['new']);
    expect(vault.activeSecrets({ ...row, previousSecret: null }, now)).toEqual(['new']);
  });
});
