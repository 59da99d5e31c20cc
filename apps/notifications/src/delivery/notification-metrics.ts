import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@herald/observability';

/** What the team watches: step outcomes per channel (with the reason), and how long providers take. */
@Injectable()
export class NotificationMetrics {
  private readonly steps: Counter<'channel' | 'status' | 'reason'>;
  private readonly providerDuration: Histogram<'channel' | 'outcome'>;

  constructor(registry: MetricsRegistry) {
    this.steps = new Counter({
      name: 'herald_notification_steps_total',
      help: 'Channel steps reaching a status: queued, sent, delivered, failed, skipped, retried',
      labelNames: ['channel', 'status', 'reason'],
      registers: [registry],
    });
    this.providerDuration = new Histogram({
      name: 'herald_notification_provider_duration_seconds',
      help: 'Time a provider took to answer one send attempt',
      labelNames: ['channel', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  step(channel: string, status: string, reason?: string | null): void {
    this.steps.inc({ channel, status, reason: reason ?? '' });
  }

  attempt(channel: string, outcome: string, seconds: number): void {
    this.providerDuration.observe({ channel, outcome }, seconds);
  }
}
