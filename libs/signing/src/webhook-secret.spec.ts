import { generateWebhookSecret, InvalidWebhookSecretError, parseWebhookSecret } from './webhook-secret';

describe('webhook secrets', () => {
  it('generates whsec_ + base64 of 32 random bytes, different every time', () => {
    const secret = generateWebhookSecret();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseWebhookSecret(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('parses the key bytes after the prefix', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');

    expect(parseWebhookSecret(`whsec_${key.toString('base64')}`).equals(key)).toBe(true);
  });

  it.each([
    ['no prefix', Buffer.alloc(32, 1).toString('base64')],
    ['empty key', 'whsec_'],
    ['not base64', 'whsec_not*base64!'],
    ['base64url alphabet', 'whsec_ab-_cd=='],
  ])('rejects a malformed secret (%s) without echoing it', (_case, secret) => {
    expect(() => parseWebhookSecret(secret)).toThrow(InvalidWebhookSecretError);
    try {
      parseWebhookSecret(secret);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret.slice(6) || '\0');
    }
  });
});
