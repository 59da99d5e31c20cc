import { runHeraldApp } from '@herald/http-app';
import { impactInApp } from './impact-in.app';

void runHeraldApp(impactInApp);
