import { bodyKindOf, parseInboundBody, requireBodyKind } from './inbound-body';
import { InboundRefusal } from './inbound-refusal';

describe('inbound bodies', () => {
  it('reads the media type, ignoring parameters and case', () => {
    expect(bodyKindOf('application/json; charset=utf-8')).toBe('json');
    expect(bodyKindOf('application/vnd.partner+json')).toBe('json');
    expect(bodyKindOf('Application/X-WWW-Form-Urlencoded')).toBe('form');
    expect(bodyKindOf('text/plain')).toBe('text');
    expect(bodyKindOf('application/xml')).toBeUndefined();
    expect(bodyKindOf(undefined)).toBeUndefined();
  });

  it('refuses with 415 a body the scheme cannot carry', () => {
    expect(requireBodyKind('twilio', 'application/x-www-form-urlencoded')).toBe('form');
    expect(requireBodyKind('github', 'application/x-www-form-urlencoded')).toBe('form');
    for (const [scheme, type] of [
      ['stripe', 'application/x-www-form-urlencoded'],
      ['standard-webhooks', 'text/plain'],
      ['github', undefined],
      ['hmac-sha256', 'application/octet-stream'],
    ] as const) {
      expect(() => requireBodyKind(scheme, type)).toThrow(InboundRefusal);
    }
    try {
      requireBodyKind('stripe', 'text/plain');
    } catch (error) {
      expect((error as InboundRefusal).getStatus()).toBe(415);
    }
  });

  it('parses JSON, form fields (GitHub form payloads unwrapped) and text', () => {
    expect(parseInboundBody('json', Buffer.from('[1,2]'))).toEqual([1, 2]);
    expect(parseInboundBody('form', Buffer.from('a=1&b=2&b=3'))).toEqual({ a: '1', b: ['2', '3'] });
    expect(parseInboundBody('form', Buffer.from(`payload=${encodeURIComponent('{"zen":"hi"}')}`))).toEqual({
      zen: 'hi',
    });
    expect(parseInboundBody('text', Buffer.from('hello'))).toEqual({ text: 'hello' });
  });

  it('refuses a signed body that is not the JSON it claims to be with 400', () => {
    expect(() => parseInboundBody('json', Buffer.from('{nope'))).toThrow(
      expect.objectContaining({ reason: 'invalid_body' }),
    );
  });
});
