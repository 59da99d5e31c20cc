import { randomBytes } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/** Thrown for a webhook secret that is not `whsec_` followed by canonical base64; never includes the secret. */
export class InvalidWebhookSecretError extends Error {
  constructor(problem: string) {
    super(`Invalid webhook secret: ${problem}`);
    this.name = 'InvalidWebhookSecretError';
  }
}

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The HMAC key of a Standard Webhooks secret: the base64-decoded part after `whsec_`. */
export function parseWebhookSecret(secret: string): Buffer {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
    throw new InvalidWebhookSecretError(`expected the "${WEBHOOK_SECRET_PREFIX}" prefix`);
  }
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  // Node's base64 decoder skips invalid characters silently, so insist the text round-trips.
  const canonical =
    BASE64_PATTERN.test(encoded) && key.toString('base64').replace(/=+$/, '') === encoded.replace(/=+$/, '');
  if (!canonical || key.length === 0) {
    throw new InvalidWebhookSecretError('the part after the prefix is not valid base64');
  }
  return key;
}
