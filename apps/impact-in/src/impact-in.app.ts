import type { HeraldAppDefinition } from '@herald/http-app';
import { ImpactInModule } from './impact-in.module';
import { acceptRawInboundBodies } from './ingestion/raw-inbound-body';

export const impactInApp: HeraldAppDefinition = {
  name: 'impact-in',
  openApi: {
    title: 'Herald impact-in',
    description: 'Inbound webhooks from external platforms: verified, deduplicated, stored and published to JetStream.',
  },
  rootModule: (config) => ImpactInModule.forRoot(config),
  configureHttp: acceptRawInboundBodies,
};
