import { verifyGithub } from './github.verifier';
import { verifyHmacSha256 } from './hmac-sha256.verifier';
import type {
  InboundScheme,
  InboundVerificationInput,
  VerificationContext,
  VerificationResult,
} from './inbound-verification.types';
import { verifyStandardWebhooks } from './standard-webhooks.verifier';
import { verifyStripe } from './stripe.verifier';
import { verifyTwilio } from './twilio.verifier';

export const DEFAULT_TOLERANCE_SECONDS = 300;

const VERIFIERS: Record<InboundScheme, (context: VerificationContext) => VerificationResult> = {
  'hmac-sha256': verifyHmacSha256,
  github: verifyGithub,
  stripe: verifyStripe,
  'standard-webhooks': verifyStandardWebhooks,
  twilio: verifyTwilio,
};

/**
 * Verifies an inbound webhook over its exact raw bytes. Returns a refusal for anything the sender
 * got wrong; throws only for a configuration error (no secrets, missing scheme options or url,
 * a `standard-webhooks` secret that is not `whsec_…`).
 */
export function verifyInboundSignature(scheme: InboundScheme, input: InboundVerificationInput): VerificationResult {
  if (input.secrets.length === 0) {
    throw new Error(`Verifying a ${scheme} webhook needs at least one secret`);
  }
  const nowMs = (input.now ?? Date.now)();
  return VERIFIERS[scheme]({
    headers: input.headers,
    rawBody: input.rawBody,
    url: input.url,
    secrets: input.secrets,
    options: input.options,
    toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    nowSeconds: Math.floor(nowMs / 1000),
  });
}
