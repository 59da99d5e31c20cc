import { Injectable } from '@nestjs/common';
import { rotatedOutSecret, type RotatingSecret, SecretVault, WebhookSigner } from '@herald/signing';

const MAX_CACHED_SIGNERS = 10_000;

/** Signers over endpoints' sealed secrets, opened and decoded once per secret set. */
@Injectable()
export class EndpointSigners {
  /** Signers by the sealed secrets they hold: a rotation seals new values, so an entry never goes stale. */
  private readonly signers = new Map<string, WebhookSigner>();

  constructor(private readonly vault: SecretVault) {}

  /** A signer over the endpoint's secrets in force now: the current one, and a rotated-out one until it expires. */
  signer(endpoint: RotatingSecret, now = new Date()): WebhookSigner {
    const key = `${endpoint.id}:${endpoint.secret}:${rotatedOutSecret(endpoint, now) ?? ''}`;
    const cached = this.signers.get(key);
    if (cached) return cached;
    const signer = new WebhookSigner(this.vault.activeSecrets(endpoint, now));
    if (this.signers.size >= MAX_CACHED_SIGNERS) this.signers.delete(this.signers.keys().next().value as string);
    this.signers.set(key, signer);
    return signer;
  }
}
