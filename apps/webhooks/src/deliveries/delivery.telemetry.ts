import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@herald/observability';

/** What an attempt led to: delivered, scheduled for another attempt, failed for good, or put off unsent. */
export type AttemptResult = 'success' | 'retry' | 'failed' | 'deferred';

/** Prometheus instruments of the delivery path. Labels stay low-cardinality: never an endpoint or org id. */
@Injectable()
export class DeliveryTelemetry {
  private readonly attempts: Counter<'result'>;
  private readonly settled: Counter<'status'>;
  private readonly duration: Histogram<'result'>;
  private readonly disabled: Counter<'reason'>;

  constructor(registry: MetricsRegistry) {
    this.attempts = new Counter({
      name: 'webhook_attempts_total',
      help: 'Webhook delivery attempts by what they led to (success, retry, failed; deferred = not sent, endpoint busy or its circuit open)',
      labelNames: ['result'],
      registers: [registry],
    });
    this.settled = new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook deliveries settled, by final status (success, failed)',
      labelNames: ['status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'webhook_attempt_duration_seconds',
      help: 'Duration of webhook HTTP attempts, from connect to the end of the capped response read',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.disabled = new Counter({
      name: 'webhook_endpoints_disabled_total',
      help: 'Endpoints Herald disabled, by reason (gone = 410, failing = too many failed deliveries in a row)',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  attempted(result: Exclude<AttemptResult, 'deferred'>, durationMs: number): void {
    this.attempts.inc({ result });
    this.duration.observe({ result }, durationMs / 1000);
    if (result !== 'retry') this.settled.inc({ status: result });
  }

  deferred(): void {
    this.attempts.inc({ result: 'deferred' });
  }

  endpointDisabled(reason: 'gone' | 'failing'): void {
    this.disabled.inc({ reason });
  }
}
