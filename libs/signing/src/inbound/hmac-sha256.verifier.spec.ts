import { createHmac } from 'node:crypto';
import type { HmacSha256Options, InboundHeaders } from './inbound-verification.types';
import { verifyInboundSignature } from './verify-inbound-signature';

const NOW = 1_700_000_000;
const now = () => NOW * 1000;
const body = '{"order":42,"total":"9.99"}';
const secret = 'shared-secret';
const other = 'next-shared-secret';

const mac = (key: string, content: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', key).update(content).digest(encoding);

function verify(headers: InboundHeaders, options: HmacSha256Options, rawBody = body, secrets = [secret]) {
  return verifyInboundSignature('hmac-sha256', { headers, rawBody: Buffer.from(rawBody), secrets, options, now });
}

describe('hmac-sha256 verification', () => {
  describe('hex with a prefix, body only', () => {
    const options: HmacSha256Options = {
      header: 'X-Signature',
      encoding: 'hex',
      prefix: 'sha256=',
      idHeader: 'X-Event-Id',
    };
    const headersFor = (key: string) => ({ 'x-signature': `sha256=${mac(key, body, 'hex')}`, 'x-event-id': 'e1' });

    it('accepts a valid signature, matching header names case-insensitively', () => {
      expect(verify(headersFor(secret), options)).toEqual({ ok: true, senderEventId: 'e1' });
    });

    it('during rotation accepts either candidate secret', () => {
      expect(verify(headersFor(other), options, body, [secret, other])).toMatchObject({ ok: true });
    });

    it.each([
      ['a tampered body', secret, body.replace('42', '43')],
      ['a re-serialized JSON body', secret, JSON.stringify(JSON.parse(body), null, 2)],
      ['the wrong secret', other, body],
    ])('refuses %s as bad_signature', (_case, key, received) => {
      expect(verify(headersFor(key), options, received)).toEqual({ ok: false, reason: 'bad_signature' });
    });

    it('refuses a missing header, and a missing prefix as malformed', () => {
      expect(verify({}, options)).toEqual({ ok: false, reason: 'missing_signature' });
      expect(verify({ 'x-signature': mac(secret, body, 'hex') }, options)).toEqual({ ok: false, reason: 'malformed' });
    });
  });

  describe('base64 without a prefix (Shopify style)', () => {
    const options: HmacSha256Options = { header: 'x-shopify-hmac-sha256', encoding: 'base64' };

    it('accepts a valid signature and refuses a non-base64 one as malformed', () => {
      expect(verify({ 'x-shopify-hmac-sha256': mac(secret, body, 'base64') }, options)).toEqual({ ok: true });
      expect(verify({ 'x-shopify-hmac-sha256': '%%%' }, options)).toEqual({ ok: false, reason: 'malformed' });
    });
  });

  describe('with a timestamp header', () => {
    const options: HmacSha256Options = { header: 'x-sig', encoding: 'hex', timestampHeader: 'x-ts' };
    const headersAt = (timestamp: number, key = secret) => ({
      'x-sig': mac(key, `${timestamp}.${body}`, 'hex'),
      'x-ts': String(timestamp),
    });

    it('accepts `${timestamp}.${body}` signed within tolerance', () => {
      expect(verify(headersAt(NOW - 10), options)).toEqual({ ok: true, timestamp: NOW - 10 });
    });

    it('refuses a stale or future timestamp, a swapped timestamp, and a missing or malformed one', () => {
      expect(verify(headersAt(NOW - 301), options)).toEqual({ ok: false, reason: 'stale_timestamp' });
      expect(verify(headersAt(NOW + 301), options)).toEqual({ ok: false, reason: 'stale_timestamp' });
      expect(verify({ ...headersAt(NOW - 400), 'x-ts': String(NOW) }, options)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      expect(verify({ 'x-sig': headersAt(NOW)['x-sig'] }, options)).toEqual({ ok: false, reason: 'missing_signature' });
      expect(verify({ ...headersAt(NOW), 'x-ts': 'yesterday' }, options)).toEqual({ ok: false, reason: 'malformed' });
    });

    it('does not accept a body-only signature', () => {
      expect(verify({ 'x-sig': mac(secret, body, 'hex'), 'x-ts': String(NOW) }, options)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    });
  });

  it('throws when the scheme options are missing (a configuration error)', () => {
    expect(() =>
      verifyInboundSignature('hmac-sha256', { headers: {}, rawBody: Buffer.from(body), secrets: [secret] }),
    ).toThrow(/needs options/);
  });
});
