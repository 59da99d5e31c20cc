import { APP_NAMES } from '@herald/config';
import { CpuTimeMeter } from '../cpu-time';
import { memoryMiB, RssSampler } from '../rss';
import { type LatencySummary, preciseNow, publishToReceiptLatencies, round, summarizeLatencies } from '../stats';
import {
  type BenchContext,
  createEndpoints,
  deferredAttempts,
  measuredProcesses,
  sampleData,
  type ScenarioHooks,
  STALL_MS,
} from './bench-context';

export type EndToEndResult = {
  events: number;
  received: number;
  duplicates: number;
  invalid_signatures: number;
  seconds: number;
  per_second: number;
  latency_ms: LatencySummary;
  /** Attempts the webhooks app put off (endpoint busy), each at least 500 ms late; 0 when it kept pace. */
  deferred_attempts: number;
  /** Peak VmRSS of each app while the scenario ran (MiB, sampled every 100 ms). */
  peak_rss_mb: Record<string, number>;
  /** VmHWM of each app at the end of the scenario: its peak RSS since it started (MiB). */
  high_water_rss_mb: Record<string, number>;
  /** CPU time (user + system) each app, the receiver, nats-server, Postgres and the bench spent per event (ms). */
  cpu_ms_per_event: Record<string, number>;
};

const LANE = 'e2e';
const EVENT_TYPE = 'invoice.paid';

/** N events published to EVENTS as fast as the broker takes them, delivered to one endpoint. */
export async function runEndToEnd(context: BenchContext, hooks: ScenarioHooks = {}): Promise<EndToEndResult> {
  const org = await context.createOrg('bench end-to-end');
  await createEndpoints(context, org, { lane: LANE, eventType: EVENT_TYPE, count: 1 });
  const count = context.options.events;
  const published = new Map<string, number>();
  const sampler = new RssSampler(context.stack.pids as Record<string, number>).start();
  const cpu = new CpuTimeMeter(await measuredProcesses(context));
  const deferredBefore = await deferredAttempts(context);
  hooks.before?.();
  const started = preciseNow();
  await context.feed.publishMany(
    count,
    context.options.publishConcurrency,
    (index) => ({ orgId: org.orgId, type: EVENT_TYPE, data: sampleData(index) }),
    published,
  );
  await context.receiver.log.waitForDeliveries(LANE, count, STALL_MS);
  hooks.after?.();
  const peaks = sampler.stop();
  const deferred = (await deferredAttempts(context)) - deferredBefore;
  const cpuPerEvent = cpu.perUnit(count, await measuredProcesses(context));
  const tally = context.receiver.log.tally(LANE);
  const seconds = (context.receiver.log.lastReceiptAt(LANE) - started) / 1000;
  return {
    events: count,
    received: context.receiver.log.firstReceiptByEvent(LANE).size,
    duplicates: tally.duplicates,
    invalid_signatures: tally.invalidSignatures,
    seconds: round(seconds, 2),
    per_second: round(count / seconds),
    latency_ms: summarizeLatencies(
      publishToReceiptLatencies(published, context.receiver.log.firstReceiptByEvent(LANE)),
    ),
    deferred_attempts: deferred,
    peak_rss_mb: peaks,
    high_water_rss_mb: highWater(context),
    cpu_ms_per_event: cpuPerEvent,
  };
}

export function highWater(context: BenchContext): Record<string, number> {
  return Object.fromEntries(
    APP_NAMES.map((app) => [app, memoryMiB(context.stack.pids[app] ?? 0, 'VmHWM') ?? 0] as const),
  );
}
