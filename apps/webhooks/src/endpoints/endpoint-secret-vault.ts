import { Inject, Injectable } from '@nestjs/common';
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
}
