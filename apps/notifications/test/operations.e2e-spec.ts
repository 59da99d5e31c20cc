import { describeOperationsEndpoints } from '@herald/app-testing';
import { notificationsApp } from '../src/notifications.app';

describeOperationsEndpoints(notificationsApp);
