import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { EndpointsModule } from '../endpoints/endpoints.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryAttemptRunner } from './delivery-attempt.runner';
import { DeliveryHttpClient } from './delivery-http.client';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryResendService } from './delivery-resend.service';
import { DeliveryStatsService } from './delivery-stats.service';
import { DeliveryHandlers } from './delivery.handlers';
import { DeliveryStore } from './delivery.store';
import { DeliveryTelemetry } from './delivery.telemetry';
import { EndpointCircuitBreaker } from './endpoint-circuit-breaker';
import { EndpointConcurrencyLimit } from './endpoint-concurrency.limit';
import { EndpointDisabledAnnouncer } from './endpoint-disabled.announcer';

/** Sends delivery jobs: signed POSTs, every attempt recorded, retries in their own lane, dead letter. */
@Module({
  imports: [EndpointsModule, DispatchModule],
  controllers: [DeliveryHandlers, DeliveriesController],
  providers: [
    DeliveryAttemptRunner,
    DeliveryStore,
    DeliveryHttpClient,
    DeliveryLogService,
    DeliveryResendService,
    DeliveryStatsService,
    DeliveryTelemetry,
    EndpointCircuitBreaker,
    EndpointConcurrencyLimit,
    EndpointDisabledAnnouncer,
  ],
})
export class DeliveriesModule {}
