import { isInboundScheme } from './inbound-verification.types';
import { verifyInboundSignature } from './verify-inbound-signature';

describe('verifyInboundSignature', () => {
  it('throws when no candidate secret is configured', () => {
    expect(() => verifyInboundSignature('github', { headers: {}, rawBody: Buffer.alloc(0), secrets: [] })).toThrow(
      /at least one secret/,
    );
  });

  it('reads the first value of a repeated header', () => {
    const result = verifyInboundSignature('github', {
      headers: { 'x-hub-signature-256': ['sha256=00', 'sha256=11'] },
      rawBody: Buffer.alloc(0),
      secrets: ['s'],
    });

    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('recognises the supported scheme names', () => {
    expect(['hmac-sha256', 'github', 'stripe', 'standard-webhooks', 'twilio'].every(isInboundScheme)).toBe(true);
    expect(isInboundScheme('paypal')).toBe(false);
  });
});
