import { Inject, Injectable } from '@nestjs/common';
import type { InboundSource } from '@herald/database';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SecretBox } from '@herald/signing';

/**
 * Source secrets at rest: sealed with SECRETS_KEY and bound to the source's id, so a sealed value
 * copied onto another row does not open there.
 */
@Injectable()
export class SourceSecretVault {
  private readonly box: SecretBox;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.box = new SecretBox(config.secrets.key);
  }

  seal(sourceId: string, secret: string): string {
    return this.box.seal(secret, sourceId);
  }

  /** The secrets a request may be signed with now: the current one, and a rotated-out one until it expires. */
  verificationSecrets(source: InboundSource, now = new Date()): string[] {
    const current = this.box.open(source.secret, source.id);
    const { previousSecret, previousSecretExpiresAt } = source;
    if (!previousSecret || !previousSecretExpiresAt || previousSecretExpiresAt <= now) return [current];
    return [current, this.box.open(previousSecret, source.id)];
  }
}
