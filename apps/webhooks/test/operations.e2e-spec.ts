import { describeOperationsEndpoints } from '@herald/testing';
import { webhooksApp } from '../src/webhooks.app';

describeOperationsEndpoints(webhooksApp);
