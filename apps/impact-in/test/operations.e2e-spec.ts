import { describeOperationsEndpoints } from '@herald/app-testing';
import { impactInApp } from '../src/impact-in.app';

describeOperationsEndpoints(impactInApp);
