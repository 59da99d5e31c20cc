import { Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { ConsumerSpec, JetStreamConnection } from '@herald/jetstream';
import type { MetricsRegistry } from '@herald/observability';

type ConsumerLabels = 'stream' | 'consumer';

/**
 * Consumer lag, read from the broker at scrape time: messages not yet delivered (pending), delivered
 * but not settled (ack pending, retries waiting included) and redelivered. Shared by every replica,
 * so each reports the same figures for the durable consumer.
 */
export function registerConsumerLagMetrics(
  registry: MetricsRegistry,
  connection: JetStreamConnection,
  consumers: readonly ConsumerSpec[],
): void {
  const logger = new Logger('ConsumerLagMetrics');
  const gauge = (name: string, help: string, collect?: () => Promise<void>) =>
    new Gauge<ConsumerLabels>({ name, help, labelNames: ['stream', 'consumer'], registers: [registry], collect });
  const ackPending = gauge('jetstream_consumer_ack_pending_messages', 'Messages delivered and not yet acked');
  const redelivered = gauge('jetstream_consumer_redelivered_messages', 'Messages delivered more than once, unsettled');
  // One collect fills all three gauges; prom-client awaits it when /metrics is scraped.
  const pending: Gauge<ConsumerLabels> = gauge(
    'jetstream_consumer_pending_messages',
    'Messages in the stream not yet delivered to the consumer',
    () => readLag(),
  );
  const readLag = async () => {
    const manager = await connection.manager();
    for (const spec of consumers) {
      const labels = { stream: spec.stream, consumer: spec.durable };
      try {
        const info = await manager.consumers.info(spec.stream, spec.durable);
        pending.set(labels, info.num_pending);
        ackPending.set(labels, info.num_ack_pending);
        redelivered.set(labels, info.num_redelivered);
      } catch (error) {
        logger.warn(`cannot read consumer ${spec.durable}: ${(error as Error).message}`);
      }
    }
  };
}
