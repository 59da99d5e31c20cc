import type { HeraldAppDefinition } from '@herald/http-app';
import { deliveryConsumers, RETRY_STREAM } from './deliveries/delivery-lanes';
import { DISPATCHER_CONSUMER } from './dispatch/dispatch.module';
import { WebhooksModule } from './webhooks.module';

export const webhooksApp: HeraldAppDefinition = {
  name: 'webhooks',
  openApi: {
    title: 'Herald webhooks',
    description:
      'Outbound webhooks: endpoints, signed delivery, retries, dead letter and replay; and the admin API (organizations, API keys).',
  },
  rootModule: (config) => WebhooksModule.forRoot(config),
  consumers: (config) => [DISPATCHER_CONSUMER, ...deliveryConsumers(config)],
  streams: [RETRY_STREAM],
};
