import type { HeraldAppDefinition } from '@herald/http-app';
import { notificationConsumers, STEPS_STREAM } from './delivery/delivery-lanes';
import { NotificationsModule } from './notifications.module';

export const notificationsApp: HeraldAppDefinition = {
  name: 'notifications',
  openApi: {
    title: 'Herald notifications',
    description:
      'Templates and notifications over email, SMS, Discord and in-app, with preferences, throttling, digests and delivery tracking.',
  },
  rootModule: (config) => NotificationsModule.forRoot(config),
  consumers: (config) => notificationConsumers(config),
  streams: [STEPS_STREAM],
};
