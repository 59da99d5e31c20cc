import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SecretBox } from '@herald/signing';

/** A recipient's Discord webhook URL carries a token: sealed at rest, bound to the org and user. */
@Injectable()
export class RecipientSecrets {
  private readonly box: SecretBox;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.box = new SecretBox(config.secrets.key);
  }

  seal(orgId: string, userId: string, url: string): string {
    return this.box.seal(url, `${orgId}/${userId}`);
  }

  open(orgId: string, userId: string, sealed: string): string {
    return this.box.open(sealed, `${orgId}/${userId}`);
  }
}
