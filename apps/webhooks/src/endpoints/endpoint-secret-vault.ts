import { Inject, Injectable } from '@nestjs/common';
import type { WebhookEndpoint } from '@herald/database';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SecretBox, WebhookSigner } from '@herald/signing';

/**
 * Endpoint secrets at rest: sealed with SECRETS_KEY and bound to the endpoint's id, so a sealed
 * value copied onto another row does not open there.
 */
const MAX_CACHED_SIGNERS = 10_000;

type SealedSecrets = Pick<WebhookEndpoint, 'id' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;

@Injectable()
export class EndpointSecretVault {
  private readonly box: SecretBox;
  /** Signers by the sealed secrets they hold: a rotation seals new values, so an entry never goes stale. */
  private readonly signers = new Map<string, WebhookSigner>();

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.box = new SecretBox(config.secrets.key);
  }

  seal(endpointId: string, secret: string): string {
    return this.box.seal(secret, endpointId);
  }

  open(endpointId: string, sealed: string): string {
    return this.box.open(sealed, endpointId);
  }

  /** A signer over the endpoint's current signing secrets, opened and decoded once per secret set. */
  signer(endpoint: SealedSecrets, now = new Date()): WebhookSigner {
    const rotatedOut = this.rotatedOutSecret(endpoint, now);
    const key = `${endpoint.id}:${endpoint.secret}:${rotatedOut ?? ''}`;
    const cached = this.signers.get(key);
    if (cached) return cached;
    const signer = new WebhookSigner(this.signingSecrets(endpoint, now));
    if (this.signers.size >= MAX_CACHED_SIGNERS) this.signers.delete(this.signers.keys().next().value as string);
    this.signers.set(key, signer);
    return signer;
  }

  /** The secrets that sign the endpoint's deliveries now, newest first: a rotated-out one until it expires. */
  private signingSecrets(endpoint: SealedSecrets, now: Date): string[] {
    const current = this.open(endpoint.id, endpoint.secret);
    const rotatedOut = this.rotatedOutSecret(endpoint, now);
    return rotatedOut ? [current, this.open(endpoint.id, rotatedOut)] : [current];
  }

  /** The sealed previous secret while it still signs. */
  private rotatedOutSecret(endpoint: SealedSecrets, now: Date): string | undefined {
    const { previousSecret, previousSecretExpiresAt } = endpoint;
    if (!previousSecret || !previousSecretExpiresAt || previousSecretExpiresAt <= now) return undefined;
    return previousSecret;
  }
}
