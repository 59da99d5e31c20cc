import { type DynamicModule, Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HeraldCoreModule } from '@herald/http-app';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { OrgsModule } from './orgs/orgs.module';

@Module({})
export class WebhooksModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: WebhooksModule,
      // DeliveriesModule before EndpointsModule: routes register in module order, and
      // `GET /v1/webhooks/metrics` must come before `GET /v1/webhooks/:id`.
      imports: [HeraldCoreModule.forRoot(config), OrgsModule, DeliveriesModule, EndpointsModule, DispatchModule],
    };
  }
}
