import { Module } from '@nestjs/common';
import { InboundEventsModule } from '../inbound-events/inbound-events.module';
import { SourcesModule } from '../sources/sources.module';
import { InboundMetrics } from './inbound-metrics';
import { InboundRateLimiter } from './inbound-rate-limiter';
import { IngestionUrls } from './ingestion-urls';
import { IngestionController } from './ingestion.controller';
import { IngestionService } from './ingestion.service';

/** POST /v1/inbound/:orgId/:source: verify, rate-limit, deduplicate, store and publish. */
@Module({
  imports: [SourcesModule, InboundEventsModule],
  controllers: [IngestionController],
  providers: [IngestionService, InboundRateLimiter, InboundMetrics, IngestionUrls],
  exports: [InboundMetrics],
})
export class IngestionModule {}
