import { HERALD_VERSION } from '@herald/config';
import type { EventEnvelope } from '@herald/events';
import type { WebhookSigner } from '@herald/signing';

export const USER_AGENT = `Herald/${HERALD_VERSION}`;

/** The body receivers get, `{id, type, created_at, data}`: stored once, then sent as these exact bytes every attempt. */
export function webhookBody({ id, type, created_at, data }: EventEnvelope): string {
  return JSON.stringify({ id, type, created_at, data });
}

/** The signed request docs/design.md promises receivers: Standard Webhooks headers, `sha256=`, the attempt number. */
export function buildWebhookRequest(input: {
  deliveryId: string;
  attempt: number;
  body: string;
  signer: WebhookSigner;
  now?: Date;
}): { body: string; headers: Record<string, string> } {
  const { body } = input;
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const signature = input.signer.sign({ webhookId: input.deliveryId, timestamp, body });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-webhook-attempt': String(input.attempt),
      ...signature,
    },
  };
}
