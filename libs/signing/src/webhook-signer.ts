import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { parseWebhookSecret } from './webhook-secret';

export type SignWebhookInput = {
  /** Delivery id, stable across retries. */
  webhookId: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  /** The exact bytes that will be sent. */
  body: string | Buffer;
};

export type WebhookSignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'x-webhook-signature': string;
};

/**
 * Signs outbound deliveries with an endpoint's active secrets. Keys are decoded once here so the
 * per-message path only computes HMACs.
 */
export class WebhookSigner {
  private readonly standardKeys: readonly KeyObject[];
  private readonly newestSecretKey: KeyObject;

  /** @param secrets the endpoint's active `whsec_` secrets, newest first. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) {
      throw new Error('WebhookSigner needs at least one secret');
    }
    this.standardKeys = secrets.map((secret) => createSecretKey(parseWebhookSecret(secret)));
    this.newestSecretKey = createSecretKey(Buffer.from(secrets[0], 'utf8'));
  }

  sign({ webhookId, timestamp, body }: SignWebhookInput): WebhookSignatureHeaders {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new Error('webhook timestamp must be a non-negative integer of unix seconds');
    }
    const prefix = `${webhookId}.${timestamp}.`;
    const signatures = this.standardKeys.map(
      (key) => `v1,${createHmac('sha256', key).update(prefix).update(body).digest('base64')}`,
    );
    return {
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatures.join(' '),
      'x-webhook-signature': `sha256=${createHmac('sha256', this.newestSecretKey).update(body).digest('hex')}`,
    };
  }
}
