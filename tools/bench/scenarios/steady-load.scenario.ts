import { type LatencySummary, preciseNow, publishToReceiptLatencies, round, summarizeLatencies } from '../stats';
import { type BenchContext, createEndpoints, deferredAttempts, sampleData, STALL_MS } from './bench-context';

export type SteadyLoadResult = {
  target_per_second: number;
  seconds: number;
  published: number;
  /** Events per second the publisher actually achieved over the window. */
  published_per_second: number;
  received: number;
  duplicates: number;
  invalid_signatures: number;
  latency_ms: LatencySummary;
  /** Attempts the webhooks app put off (endpoint busy), each at least 500 ms late. */
  deferred_attempts: number;
  /** p99 over the last fifth of the events against the first fifth: a backlog that builds shows here. */
  p99_first_fifth_ms: number;
  p99_last_fifth_ms: number;
  /** From the last publish to the last receipt. */
  drain_ms: number;
  /** Herald delivered at the offered rate: the backlog drained within a second and latency did not build up. */
  keeps_up: boolean;
};

const LANE = 'steady';
const EVENT_TYPE = 'payment.succeeded';
const KEEPS_UP_DRAIN_MS = 1000;

/** `steadyRate` events per second for `steadySeconds`, paced by the clock, to one endpoint. */
export async function runSteadyLoad(context: BenchContext): Promise<SteadyLoadResult> {
  const org = await context.createOrg('bench steady load');
  await createEndpoints(context, org, { lane: LANE, eventType: EVENT_TYPE, count: 1 });
  const { steadyRate: rate, steadySeconds: seconds } = context.options;
  const total = rate * seconds;
  const published = new Map<string, number>();
  const deferredBefore = await deferredAttempts(context);
  const started = preciseNow();
  await context.feed.publishPaced(
    rate,
    seconds,
    (index) => ({ orgId: org.orgId, type: EVENT_TYPE, data: sampleData(index) }),
    published,
  );
  const publishedFor = (preciseNow() - started) / 1000;
  const lastPublishStarted = [...published.values()].reduce((latest, at) => Math.max(latest, at), 0);
  await context.receiver.log.waitForDeliveries(LANE, total, STALL_MS);
  const deferred = (await deferredAttempts(context)) - deferredBefore;
  const receipts = context.receiver.log.firstReceiptByEvent(LANE);
  const ordered = [...published.entries()].sort((a, b) => a[1] - b[1]);
  const fifth = Math.max(1, Math.floor(ordered.length / 5));
  const p99Of = (slice: [string, number][]) =>
    summarizeLatencies(publishToReceiptLatencies(new Map(slice), receipts)).p99;
  const tally = context.receiver.log.tally(LANE);
  const drainMs = round(context.receiver.log.lastReceiptAt(LANE) - lastPublishStarted);
  const firstFifth = p99Of(ordered.slice(0, fifth));
  const lastFifth = p99Of(ordered.slice(-fifth));
  return {
    target_per_second: rate,
    seconds,
    published: total,
    published_per_second: round(total / publishedFor),
    received: receipts.size,
    duplicates: tally.duplicates,
    invalid_signatures: tally.invalidSignatures,
    latency_ms: summarizeLatencies(publishToReceiptLatencies(published, receipts)),
    deferred_attempts: deferred,
    p99_first_fifth_ms: firstFifth,
    p99_last_fifth_ms: lastFifth,
    drain_ms: drainMs,
    keeps_up: drainMs <= KEEPS_UP_DRAIN_MS && lastFifth <= Math.max(2 * firstFifth, KEEPS_UP_DRAIN_MS),
  };
}
