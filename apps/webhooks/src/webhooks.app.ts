import type { HeraldAppDefinition } from '@herald/http-app';
import { RETRY_STREAM, webhooksConsumers } from './topology';
import { WebhooksModule } from './webhooks.module';

export const webhooksApp: HeraldAppDefinition = {
  name: 'webhooks',
  openApi: {
    title: 'Herald webhooks',
    description:
      'Outbound webhooks: endpoints, signed delivery, retries, dead letter and replay; and the admin API (organizations, API keys).',
  },
  rootModule: (config) => WebhooksModule.forRoot(config),
  consumers: (config) => webhooksConsumers(config),
  streams: [RETRY_STREAM],
};
