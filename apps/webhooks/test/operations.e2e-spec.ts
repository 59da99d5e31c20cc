import { describeOperationsEndpoints } from '@herald/app-testing';
import { webhooksApp } from '../src/webhooks.app';

describeOperationsEndpoints(webhooksApp);
