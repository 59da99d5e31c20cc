import { Inject, Injectable } from '@nestjs/common';
import type { WebhookEndpoint } from '@herald/database';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SecretBox } from '@herald/signing';

/**
 * Endpoint secrets at rest: sealed with SECRETS_KEY and bound to the endpoint's id, so a sealed
 * value copied onto another row does not open there.
 */
@Injectable()
export class EndpointSecretVault {
  private readonly box: SecretBox;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.box = new SecretBox(config.secrets.key);
  }

  seal(endpointId: string, secret: string): string {
    return this.box.seal(secret, endpointId);
  }

  open(endpointId: string, sealed: string): string {
    return this.box.open(sealed, endpointId);
  }

  /** The secrets that sign the endpoint's deliveries now, newest first: a rotated-out one until it expires. */
  signingSecrets(endpoint: WebhookEndpoint, now = new Date()): string[] {
    const current = this.open(endpoint.id, endpoint.secret);
    const { previousSecret, previousSecretExpiresAt } = endpoint;
    if (!previousSecret || !previousSecretExpiresAt || previousSecretExpiresAt <= now) return [current];
    return [current, this.open(endpoint.id, previousSecret)];
  }
}
