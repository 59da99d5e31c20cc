import {
  getExpectedBodyHash,
  getExpectedTwilioSignature,
  validateRequest,
  validateRequestWithBody,
} from 'twilio/lib/webhooks/webhooks';
import type { InboundHeaders } from './inbound-verification.types';
import { verifyInboundSignature } from './verify-inbound-signature';

const authToken = '12345678901234567890123456789012';
const otherToken = 'abcdefabcdefabcdefabcdefabcdefab';
const url = 'https://herald.example.com/v1/inbound/org_1/twilio?source=sms';
const params = { MessageSid: 'SM123', MessageStatus: 'delivered', To: '+15551234567', Body: 'Hi there & more' };
const formBody = new URLSearchParams(params).toString();
const FORM = 'application/x-www-form-urlencoded';

function verify(headers: InboundHeaders, rawBody: string, requestUrl = url, secrets = [authToken]) {
  return verifyInboundSignature('twilio', { headers, rawBody: Buffer.from(rawBody), url: requestUrl, secrets });
}

const formHeaders = (signature: string) => ({ 'content-type': FORM, 'x-twilio-signature': signature });

describe('twilio verification', () => {
  const signature = getExpectedTwilioSignature(authToken, url, params);

  it('accepts a form request signed as twilio signs it, reporting the idempotency token', () => {
    expect(validateRequest(authToken, signature, url, params)).toBe(true);
    expect(verify({ ...formHeaders(signature), 'i-twilio-idempotency-token': 'tok-1' }, formBody)).toEqual({
      ok: true,
      senderEventId: 'tok-1',
    });
  });

  it('accepts form fields in any order, repeated keys, and a charset parameter', () => {
    const repeated = { ...params, Media: ['b', 'a'] };
    const body = `Media=b&${new URLSearchParams(params).toString().split('&').reverse().join('&')}&Media=a`;
    const headers = { ...formHeaders(getExpectedTwilioSignature(authToken, url, repeated)) };

    expect(verify({ ...headers, 'content-type': `${FORM}; charset=utf-8` }, body)).toMatchObject({ ok: true });
  });

  it('accepts the url with or without the default port, as proxies change it', () => {
    const withPort = 'https://herald.example.com:443/v1/inbound/org_1/twilio?source=sms';

    expect(verify(formHeaders(getExpectedTwilioSignature(authToken, withPort, params)), formBody)).toMatchObject({
      ok: true,
    });
    expect(verify(formHeaders(signature), formBody, withPort)).toMatchObject({ ok: true });
  });

  it('during rotation accepts either candidate auth token', () => {
    expect(verify(formHeaders(signature), formBody, url, [otherToken, authToken])).toMatchObject({ ok: true });
  });

  it.each([
    ['a tampered parameter', formBody.replace('delivered', 'failed'), url],
    ['an added parameter', `${formBody}&Extra=1`, url],
    ['a different url', formBody, url.replace('source=sms', 'source=voice')],
  ])('refuses %s as bad_signature', (_case, body, requestUrl) => {
    expect(verify(formHeaders(signature), body, requestUrl)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses the wrong auth token, a missing header, and a non-base64 header', () => {
    expect(verify(formHeaders(signature), formBody, url, [otherToken])).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ 'content-type': FORM }, formBody)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify(formHeaders('not base64!'), formBody)).toEqual({ ok: false, reason: 'malformed' });
  });

  describe('JSON bodies (bodySHA256 variant)', () => {
    const json = '{"event":"message.delivered","sid":"SM123"}';
    const jsonUrl = `${url}&bodySHA256=${getExpectedBodyHash(json)}`;
    const jsonHeaders = {
      'content-type': 'application/json',
      'x-twilio-signature': getExpectedTwilioSignature(authToken, jsonUrl, {}),
    };

    it('accepts a body whose hash matches the signed url', () => {
      expect(validateRequestWithBody(authToken, jsonHeaders['x-twilio-signature'], jsonUrl, json)).toBe(true);
      expect(verify(jsonHeaders, json, jsonUrl)).toMatchObject({ ok: true });
    });

    it('refuses a tampered or re-serialized body', () => {
      expect(verify(jsonHeaders, json.replace('SM123', 'SM124'), jsonUrl)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      expect(verify(jsonHeaders, JSON.stringify(JSON.parse(json), null, 2), jsonUrl)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    });
  });

  it('throws without the request url (a configuration error)', () => {
    expect(() =>
      verifyInboundSignature('twilio', {
        headers: formHeaders(signature),
        rawBody: Buffer.from(formBody),
        secrets: [authToken],
      }),
    ).toThrow(/full request URL/);
  });
});
