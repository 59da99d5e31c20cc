import type { HeraldAppDefinition } from '@herald/http-app';
import { NotificationsModule } from './notifications.module';
import { notificationConsumers, STEPS_STREAM } from './topology';

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
