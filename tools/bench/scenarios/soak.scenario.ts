import { APP_NAMES } from '@herald/config';
import { MemoryTimeline } from '../memory-timeline';
import { type LatencySummary, preciseNow, publishToReceiptLatencies, round, summarizeLatencies } from '../stats';
import { type BenchContext, createEndpoints, sampleData, STALL_MS } from './bench-context';
import { type MemoryTrend, memoryTrend } from './memory-trend';

export type SoakResult = {
  seconds: number;
  target_per_second: number;
  published: number;
  published_per_second: number;
  received: number;
  duplicates: number;
  invalid_signatures: number;
  latency_ms: LatencySummary;
  /** From the last publish to the last receipt. */
  drain_ms: number;
  /** The memory trends leave out this first part of the run, while V8 sizes its heap to the load. */
  warm_up_seconds: number;
  memory: Record<string, MemoryTrend>;
};

const LANE = 'soak';
const EVENT_TYPE = 'project.updated';
const SAMPLE_INTERVAL_MS = 1000;
const WARM_UP_FRACTION = 0.2;

/**
 * `soakRate` events per second for `soakSeconds` to one endpoint, a load the stack keeps up with,
 * while each app's memory is read every second: whether memory grows under a sustained load.
 */
export async function runSoak(context: BenchContext): Promise<SoakResult> {
  const org = await context.createOrg('bench soak');
  await createEndpoints(context, org, { lane: LANE, eventType: EVENT_TYPE, count: 1 });
  const { soakRate: rate, soakSeconds: seconds } = context.options;
  const total = rate * seconds;
  const published = new Map<string, number>();
  const timeline = new MemoryTimeline(
    APP_NAMES.map((app) => ({
      name: app,
      pid: context.stack.pids[app] ?? 0,
      metricsUrl: `${context.stack.appUrl(app)}/metrics`,
    })),
  ).start(SAMPLE_INTERVAL_MS);
  const started = preciseNow();
  await context.feed.publishPaced(
    rate,
    seconds,
    (index) => ({ orgId: org.orgId, type: EVENT_TYPE, data: sampleData(index) }),
    published,
  );
  const publishedFor = (preciseNow() - started) / 1000;
  await context.receiver.log.waitForDeliveries(LANE, total, STALL_MS);
  const samples = await timeline.stop();
  const receipts = context.receiver.log.firstReceiptByEvent(LANE);
  const tally = context.receiver.log.tally(LANE);
  const lastPublishStarted = [...published.values()].reduce((latest, at) => Math.max(latest, at), 0);
  const warmUpEndsAt = started + seconds * WARM_UP_FRACTION * 1000;
  return {
    seconds,
    target_per_second: rate,
    published: total,
    published_per_second: round(total / publishedFor),
    received: receipts.size,
    duplicates: tally.duplicates,
    invalid_signatures: tally.invalidSignatures,
    latency_ms: summarizeLatencies(publishToReceiptLatencies(published, receipts)),
    drain_ms: round(context.receiver.log.lastReceiptAt(LANE) - lastPublishStarted),
    warm_up_seconds: round(seconds * WARM_UP_FRACTION, 1),
    memory: Object.fromEntries([...samples].map(([app, appSamples]) => [app, memoryTrend(appSamples, warmUpEndsAt)])),
  };
}
