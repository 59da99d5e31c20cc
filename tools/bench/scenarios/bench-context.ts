import type { BenchOptions } from '../bench-options';
import type { BenchStack } from '../bench-stack';
import type { EventFeed } from '../event-feed';
import type { FakeSendGrid } from '../fake-sendgrid';
import { forEachConcurrently, type HeraldApi } from '../herald-api';
import { fetchMetrics, metricValue } from '../prometheus-text';
import type { ReceiverProcess } from '../receiver/receiver-process';

/** An organization of the bench with an API key holding every scope the scenarios need. */
export type BenchOrg = { orgId: string; key: string };

export type BenchContext = {
  options: BenchOptions;
  stack: BenchStack;
  receiver: ReceiverProcess;
  feed: EventFeed;
  webhooksApi: HeraldApi;
  notificationsApi: HeraldApi;
  sendGrid: FakeSendGrid;
  /** This run's directory: logs, the broker's and the baseline's stores. */
  runDir: string;
  /** The signing secret of every endpoint the bench creates (the receiver verifies with it). */
  secret: string;
  /** Scenarios use their own organization and event type, so their deliveries never mix. */
  createOrg(name: string): Promise<BenchOrg>;
};

/** How long a scenario may go without a single new receipt before it is declared stalled. */
export const STALL_MS = 30_000;

/** The `data` of every benchmark event: the size of a typical small domain event. */
export function sampleData(index: number): Record<string, unknown> {
  return {
    invoice_id: `inv_${index}`,
    amount: 4200 + (index % 100),
    currency: 'EUR',
    customer: { id: `cus_${index % 997}`, email: `customer${index % 997}@example.com` },
  };
}

/** Creates endpoints (`<receiver>/<lane>/<n>`) subscribed to one event type, `concurrency` calls at a time. */
export async function createEndpoints(
  context: BenchContext,
  org: BenchOrg,
  input: { lane: string; eventType: string; count: number },
): Promise<void> {
  await forEachConcurrently(input.count, 8, (index) =>
    context.webhooksApi.post('/v1/webhooks', org.key, {
      url: `${context.receiver.url}/${input.lane}/${index}`,
      events: [input.eventType],
      secret: context.secret,
      description: `bench ${input.lane} ${index}`,
    }),
  );
}

/** Called right before and after a scenario's measured span (with --cpu-prof: the profiler's start and stop). */
export type ScenarioHooks = { before?: () => void; after?: () => void };

/**
 * The processes whose CPU time the scenarios measure: each app, the receiver, nats-server, Postgres,
 * and the bench itself (the load generator, which also runs the ceiling's client).
 */
export async function measuredProcesses(context: BenchContext): Promise<Record<string, number[]>> {
  const apps = Object.entries(context.stack.pids).map(([app, pid]) => [app, pid ? [pid] : []]);
  return {
    ...Object.fromEntries(apps),
    receiver: [context.receiver.pid],
    bench: [process.pid],
    ...(await context.stack.infrastructurePids()),
  };
}

/**
 * Attempts the webhooks app has put off so far (not sent: the endpoint's slots were taken or its
 * circuit open), from its `/metrics`. A put-off attempt waits at least 500 ms, so the count explains
 * a latency tail.
 */
export async function deferredAttempts(context: BenchContext): Promise<number> {
  const text = await fetchMetrics(`${context.stack.appUrl('webhooks')}/metrics`);
  return (text && metricValue(text, 'webhook_attempts_total', 'result="deferred"')) || 0;
}
