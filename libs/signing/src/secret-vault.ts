import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SecretBox } from './secret-box';

/** A row's sealed secret and the rotated-out one that keeps working beside it until it expires. */
export type RotatingSecret = {
  id: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
};

/**
 * Every secret Herald keeps at rest (endpoint and source secrets, recipients' Discord URLs) is
 * sealed here with SECRETS_KEY, bound to a context (the owning row's id), so a sealed value copied
 * onto another row does not open there.
 */
@Injectable()
export class SecretVault {
  private readonly box: SecretBox;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.box = new SecretBox(config.secrets.key);
  }

  seal(context: string, plaintext: string): string {
    return this.box.seal(plaintext, context);
  }

  open(context: string, sealed: string): string {
    return this.box.open(sealed, context);
  }

  /** The secrets in force now, newest first: the current one, and a rotated-out one until it expires. */
  activeSecrets(row: RotatingSecret, now = new Date()): string[] {
    const current = this.open(row.id, row.secret);
    const rotatedOut = rotatedOutSecret(row, now);
    return rotatedOut ? [current, this.open(row.id, rotatedOut)] : [current];
  }
}

/** The sealed previous secret while it is still in force. */
export function rotatedOutSecret(row: RotatingSecret, now: Date): string | undefined {
  const { previousSecret, previousSecretExpiresAt } = row;
  if (!previousSecret || !previousSecretExpiresAt || previousSecretExpiresAt <= now) return undefined;
  return previousSecret;
}
