import { Webhook as StandardWebhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../webhook-secret';
import type { InboundHeaders } from './inbound-verification.types';
import { verifyInboundSignature } from './verify-inbound-signature';

const NOW = 1_700_000_000;
const now = () => NOW * 1000;
const body = '{"id":"evt_1","type":"invoice.paid","data":{"amount":100}}';
const secret = generateWebhookSecret();
const other = generateWebhookSecret();

function signedHeaders(signingSecret: string, timestamp = NOW, payload = body): Record<string, string> {
  return {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new StandardWebhook(signingSecret).sign('msg_1', new Date(timestamp * 1000), payload),
  };
}

function verify(headers: InboundHeaders, rawBody = body, secrets = [secret], toleranceSeconds?: number) {
  return verifyInboundSignature('standard-webhooks', {
    headers,
    rawBody: Buffer.from(rawBody),
    secrets,
    now,
    toleranceSeconds,
  });
}

describe('standard-webhooks verification', () => {
  it('accepts a request signed by the standardwebhooks library, reporting webhook-id as the sender id', () => {
    expect(verify(signedHeaders(secret))).toEqual({ ok: true, senderEventId: 'msg_1', timestamp: NOW });
  });

  it('accepts svix-* header names used by Svix-powered senders', () => {
    const { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig } = signedHeaders(secret);

    expect(verify({ 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': sig })).toMatchObject({ ok: true });
  });

  it('accepts when any v1 entry matches, skipping other versions', () => {
    const headers = signedHeaders(secret);
    const signature = `v1a,c29tZXRoaW5n v1,AAAA ${headers['webhook-signature']}`;

    expect(verify({ ...headers, 'webhook-signature': signature })).toMatchObject({ ok: true });
  });

  it('during rotation accepts a request signed with either candidate secret', () => {
    expect(verify(signedHeaders(secret), body, [other, secret])).toMatchObject({ ok: true });
    expect(verify(signedHeaders(other), body, [other, secret])).toMatchObject({ ok: true });
  });

  it.each([
    ['a tampered body', body.replace('100', '101')],
    ['a re-serialized JSON body', JSON.stringify(JSON.parse(body), null, 2)],
  ])('refuses %s as bad_signature', (_case, received) => {
    expect(verify(signedHeaders(secret), received)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses the wrong secret, and a changed webhook-id, as bad_signature', () => {
    expect(verify(signedHeaders(other))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ ...signedHeaders(secret), 'webhook-id': 'msg_2' })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a timestamp more than the tolerance in the past or the future', () => {
    expect(verify(signedHeaders(secret, NOW - 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify(signedHeaders(secret, NOW + 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify(signedHeaders(secret, NOW - 300))).toMatchObject({ ok: true });
    expect(verify(signedHeaders(secret, NOW - 301), body, [secret], 600)).toMatchObject({ ok: true });
  });

  it('reports a bad signature rather than staleness when both are wrong', () => {
    expect(verify(signedHeaders(other, NOW - 3600))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('refuses a request without %s', (name) => {
    const { [name]: _removed, ...headers } = signedHeaders(secret);

    expect(verify(headers)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it.each([
    ['a non-numeric timestamp', { 'webhook-timestamp': '2023-11-14T22:13:20Z' }],
    ['no v1 entry', { 'webhook-signature': 'v1a,c29tZXRoaW5n' }],
    ['an entry without a version', { 'webhook-signature': 'c29tZXRoaW5n' }],
    ['a v1 entry that is not base64', { 'webhook-signature': 'v1,***' }],
  ])('refuses %s as malformed', (_case, override) => {
    expect(verify({ ...signedHeaders(secret), ...override })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('throws for a configured secret that is not whsec_ (a configuration error, not the sender’s)', () => {
    expect(() => verify(signedHeaders(secret), body, ['plain-secret'])).toThrow(/Invalid webhook secret/);
  });
});
