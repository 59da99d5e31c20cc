import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { WebhookHttpClient } from '@herald/http-delivery';

/** The process's one pooled, SSRF-guarded HTTP client for deliveries; its sockets close with the app. */
@Injectable()
export class DeliveryHttpClient extends WebhookHttpClient implements OnApplicationShutdown {
  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    super({ allowPrivate: config.webhooks.allowPrivateTargets, timeoutMs: config.webhooks.timeoutMs });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
