import { createHmac } from 'node:crypto';
import { verifyInboundSignature } from './verify-inbound-signature';

const body = '{"action":"opened","number":1}';
const secret = 'github-webhook-secret';
const other = 'rotated-github-secret';

const sign = (key: string, payload = body) => `sha256=${createHmac('sha256', key).update(payload).digest('hex')}`;

function verify(signature: string | undefined, rawBody = body, secrets = [secret]) {
  const headers = {
    'x-github-delivery': 'd-123',
    ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
  };
  return verifyInboundSignature('github', { headers, rawBody: Buffer.from(rawBody), secrets });
}

describe('github verification', () => {
  it('accepts a valid X-Hub-Signature-256, reporting X-GitHub-Delivery as the sender id', () => {
    expect(verify(sign(secret))).toEqual({ ok: true, senderEventId: 'd-123' });
  });

  it('accepts an upper-case hex digest', () => {
    expect(verify(`sha256=${sign(secret).slice(7).toUpperCase()}`)).toMatchObject({ ok: true });
  });

  it('during rotation accepts either candidate secret', () => {
    expect(verify(sign(other), body, [secret, other])).toMatchObject({ ok: true });
  });

  it.each([
    ['a tampered body', sign(secret), body.replace('opened', 'closed')],
    ['a re-serialized JSON body', sign(secret), JSON.stringify(JSON.parse(body), null, 1)],
    ['the wrong secret', sign(other), body],
    ['a truncated digest', sign(secret).slice(0, -2), body],
  ])('refuses %s as bad_signature', (_case, signature, received) => {
    expect(verify(signature, received)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a missing header', () => {
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it.each([['sha1=abcd'], [sign(secret).slice(7)], ['sha256=xyz']])('refuses %p as malformed', (signature) => {
    expect(verify(signature)).toEqual({ ok: false, reason: 'malformed' });
  });
});
