import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { assertDeliverableUrl, UndeliverableUrlError } from '@herald/http-delivery';
import { invalidField } from '@herald/http-app';

/** Refuses a target that is not http(s) or resolves to a private, loopback or link-local address. */
@Injectable()
export class EndpointUrlValidator {
  constructor(@Inject(HERALD_CONFIG) private readonly config: HeraldConfig) {}

  async assertDeliverable(url: string): Promise<void> {
    try {
      await assertDeliverableUrl(url, { allowPrivate: this.config.webhooks.allowPrivateTargets });
    } catch (error) {
      if (!(error instanceof UndeliverableUrlError)) throw error;
      throw invalidField('url', error.message);
    }
  }
}
