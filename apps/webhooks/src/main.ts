import { runHeraldApp } from '@herald/http-app';
import { webhooksApp } from './webhooks.app';

void runHeraldApp(webhooksApp);
