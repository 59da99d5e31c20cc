import { describeOperationsEndpoints } from '@herald/testing';
import { notificationsApp } from '../src/notifications.app';

describeOperationsEndpoints(notificationsApp);
