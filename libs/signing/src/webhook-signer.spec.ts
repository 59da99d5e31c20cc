import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { verifyInboundSignature } from './inbound/verify-inbound-signature';
import { generateWebhookSecret } from './webhook-secret';
import { WebhookSigner } from './webhook-signer';

const body = JSON.stringify({
  id: 'evt_1',
  type: 'invoice.paid',
  created_at: '2026-01-15T12:30:00Z',
  data: { n: 'é' },
});
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('WebhookSigner', () => {
  const current = generateWebhookSecret();
  const previous = generateWebhookSecret();

  it('produces the Standard Webhooks headers that standardwebhooks and svix accept', () => {
    const timestamp = nowSeconds();
    const headers = new WebhookSigner([current]).sign({ webhookId: 'dlv_1', timestamp, body });

    expect(headers['webhook-id']).toBe('dlv_1');
    expect(headers['webhook-timestamp']).toBe(String(timestamp));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new StandardWebhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new SvixWebhook(current).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs x-webhook-signature as sha256=<hex HMAC of the body keyed by the secret string>', () => {
    const headers = new WebhookSigner([current, previous]).sign({ webhookId: 'dlv_1', timestamp: 1, body });
    const expected = createHmac('sha256', current).update(body, 'utf8').digest('hex');

    expect(headers['x-webhook-signature']).toBe(`sha256=${expected}`);
  });

  it('signs a Buffer body exactly as the same string', () => {
    const signer = new WebhookSigner([current]);
    const input = { webhookId: 'dlv_1', timestamp: 1_700_000_000 };

    expect(signer.sign({ ...input, body: Buffer.from(body, 'utf8') })).toEqual(signer.sign({ ...input, body }));
  });

  it('during rotation signs with both secrets, and a receiver holding either one verifies', () => {
    const headers = new WebhookSigner([current, previous]).sign({ webhookId: 'dlv_2', timestamp: nowSeconds(), body });

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new StandardWebhook(current).verify(body, headers)).not.toThrow();
    expect(() => new StandardWebhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new SvixWebhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new StandardWebhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('round-trips through our own standard-webhooks verifier', () => {
    const headers = new WebhookSigner([current]).sign({ webhookId: 'dlv_3', timestamp: nowSeconds(), body });
    const result = verifyInboundSignature('standard-webhooks', {
      headers,
      rawBody: Buffer.from(body),
      secrets: [previous, current],
    });

    expect(result).toEqual({ ok: true, senderEventId: 'dlv_3', timestamp: Number(headers['webhook-timestamp']) });
  });

  it('refuses to be built without secrets, with a malformed secret, or to sign a fractional timestamp', () => {
    expect(() => new WebhookSigner([])).toThrow(/at least one secret/);
    expect(() => new WebhookSigner(['not-a-secret'])).toThrow(/Invalid webhook secret/);
    expect(() => new WebhookSigner([current]).sign({ webhookId: 'd', timestamp: 1.5, body })).toThrow(/unix seconds/);
  });
});
