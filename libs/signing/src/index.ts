export { SecretBox, SecretBoxError } from './secret-box';
export { rotatedOutSecret, type RotatingSecret, SecretVault } from './secret-vault';
export {
  generateWebhookSecret,
  InvalidWebhookSecretError,
  parseWebhookSecret,
  WEBHOOK_SECRET_PREFIX,
} from './webhook-secret';
export { type SignWebhookInput, type WebhookSignatureHeaders, WebhookSigner } from './webhook-signer';
export {
  type HmacSha256Options,
  INBOUND_SCHEMES,
  type InboundHeaders,
  type InboundScheme,
  type InboundVerificationInput,
  isInboundScheme,
  type VerificationFailureReason,
  type VerificationResult,
} from './inbound/inbound-verification.types';
export { DEFAULT_TOLERANCE_SECONDS, verifyInboundSignature } from './inbound/verify-inbound-signature';
