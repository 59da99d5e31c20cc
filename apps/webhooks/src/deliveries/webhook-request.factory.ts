import { HERALD_VERSION } from '@herald/config';
import type { Prisma } from '@herald/database';
import type { WebhookSigner } from '@herald/signing';

export const USER_AGENT = `Herald/${HERALD_VERSION}`;

/** The signed request DESIGN.md promises receivers: Standard Webhooks headers, `sha256=`, the attempt number. */
export function buildWebhookRequest(input: {
  deliveryId: string;
  attempt: number;
  payload: Prisma.JsonValue;
  signer: WebhookSigner;
  now?: Date;
}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(input.payload);
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
