import { BaselineGlue } from '../baseline/baseline-glue';
import type { BaselineJob } from '../baseline/baseline-job';
import { CpuTimeMeter } from '../cpu-time';
import { type LatencySummary, preciseNow, publishToReceiptLatencies, round, summarizeLatencies } from '../stats';
import { type BenchContext, measuredProcesses, sampleData, STALL_MS } from './bench-context';

export type BaselineResult = {
  events: number;
  received: number;
  duplicates: number;
  invalid_signatures: number;
  seconds: number;
  per_second: number;
  latency_ms: LatencySummary;
  /** CPU time per event of the glue's processes (worker, redis) and of the rest, as for Herald (ms). */
  cpu_ms_per_event: Record<string, number>;
};

const LANE = 'baseline';

/**
 * The same events to the same receiver through the glue a platform team would build instead of
 * Herald (BullMQ on a persisting Redis, a worker process, a Postgres row per delivery), in the
 * same run, so that Herald ÷ baseline compares like with like on this machine.
 */
export async function runBaseline(context: BenchContext): Promise<BaselineResult> {
  const databaseUrl = context.stack.database?.url;
  if (!databaseUrl) throw new Error('the baseline needs the bench database');
  const glue = await BaselineGlue.start({ runDir: context.runDir, databaseUrl, secret: context.secret });
  try {
    return await measure(context, glue);
  } finally {
    await glue.stop();
  }
}

async function measure(context: BenchContext, glue: BaselineGlue): Promise<BaselineResult> {
  const count = context.options.events;
  const jobs = Array.from({ length: count }, (_, index) => job(context, index));
  const enqueuedAt = new Map<string, number>();
  const processes = async () => ({ ...(await measuredProcesses(context)), ...glue.pids });
  const cpu = new CpuTimeMeter(await processes());
  const started = preciseNow();
  await glue.enqueue(jobs, enqueuedAt);
  await context.receiver.log.waitForDeliveries(LANE, count, STALL_MS);
  const cpuPerEvent = cpu.perUnit(count, await processes());
  const receipts = context.receiver.log.firstReceiptByEvent(LANE);
  const tally = context.receiver.log.tally(LANE);
  const seconds = (context.receiver.log.lastReceiptAt(LANE) - started) / 1000;
  return {
    events: count,
    received: receipts.size,
    duplicates: tally.duplicates,
    invalid_signatures: tally.invalidSignatures,
    seconds: round(seconds, 2),
    per_second: round(count / seconds),
    latency_ms: summarizeLatencies(publishToReceiptLatencies(enqueuedAt, receipts)),
    cpu_ms_per_event: cpuPerEvent,
  };
}

function job(context: BenchContext, index: number): BaselineJob {
  const eventId = `evt_${LANE}_${index}`;
  const envelope = { id: eventId, type: 'invoice.paid', created_at: new Date().toISOString(), data: sampleData(index) };
  return { eventId, url: `${context.receiver.url}/${LANE}/0`, body: JSON.stringify(envelope) };
}
