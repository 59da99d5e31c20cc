import { preciseNow, round } from '../stats';
import { type BenchContext, createEndpoints, sampleData, STALL_MS } from './bench-context';

export type FanOutResult = {
  endpoints: number;
  received: number;
  duplicates: number;
  invalid_signatures: number;
  /** From the publish of the event to the last endpoint's receipt. */
  last_receipt_ms: number;
};

const LANE = 'fanout';
const EVENT_TYPE = 'project.created';

/** One event to an organization with `fanOutEndpoints` subscribed endpoints: time until the last receipt. */
export async function runFanOut(context: BenchContext): Promise<FanOutResult> {
  const org = await context.createOrg('bench fan-out');
  const endpoints = context.options.fanOutEndpoints;
  await createEndpoints(context, org, { lane: LANE, eventType: EVENT_TYPE, count: endpoints });
  const started = preciseNow();
  await context.feed.publish({ orgId: org.orgId, type: EVENT_TYPE, data: sampleData(0) }, new Map());
  await context.receiver.log.waitForDeliveries(LANE, endpoints, STALL_MS);
  const tally = context.receiver.log.tally(LANE);
  return {
    endpoints,
    received: context.receiver.log.distinctPaths(LANE),
    duplicates: tally.duplicates,
    invalid_signatures: tally.invalidSignatures,
    last_receipt_ms: round(context.receiver.log.lastReceiptAt(LANE) - started),
  };
}
