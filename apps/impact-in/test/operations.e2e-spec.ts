import { describeOperationsEndpoints } from '@herald/testing';
import { impactInApp } from '../src/impact-in.app';

describeOperationsEndpoints(impactInApp);
