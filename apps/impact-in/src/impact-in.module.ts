import { type DynamicModule, Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HeraldCoreModule } from '@herald/http-app';
import { InboundEventsModule } from './inbound-events/inbound-events.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { SourcesModule } from './sources/sources.module';

@Module({})
export class ImpactInModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: ImpactInModule,
      imports: [HeraldCoreModule.forRoot(config), SourcesModule, IngestionModule, InboundEventsModule],
    };
  }
}
