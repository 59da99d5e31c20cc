import { invalidField } from '@herald/http-app';
import {
  generateWebhookSecret,
  type InboundScheme,
  InvalidWebhookSecretError,
  parseWebhookSecret,
} from '@herald/signing';

/** Schemes whose secret the sender issues: Herald cannot make one up. */
const SENDER_ISSUED: Partial<Record<InboundScheme, string>> = {
  stripe: "the endpoint's signing secret from the Stripe dashboard (whsec_…)",
  twilio: "the account's auth token",
};

/** The secret to keep for a source: the given one checked against the scheme, or a generated one. */
export function resolveSourceSecret(scheme: InboundScheme, given: string | undefined): string {
  if (given === undefined) {
    const issuedBy = SENDER_ISSUED[scheme];
    if (issuedBy) throw invalidField('secret', `secret is required for ${scheme}: ${issuedBy}`);
    return generateWebhookSecret();
  }
  if (scheme === 'standard-webhooks') assertStandardWebhooksSecret(given);
  return given;
}

function assertStandardWebhooksSecret(secret: string): void {
  try {
    parseWebhookSecret(secret);
  } catch (error) {
    if (!(error instanceof InvalidWebhookSecretError)) throw error;
    throw invalidField('secret', 'secret must be "whsec_" followed by base64 for standard-webhooks');
  }
}
