import { runHeraldApp } from '@herald/http-app';
import { notificationsApp } from './notifications.app';

void runHeraldApp(notificationsApp);
