import type { MemorySample } from '../memory-timeline';
import { linearSlope, round } from '../stats';

export type MemoryTrend = {
  /** VmRSS (MiB) after the warm-up: the first and last readings, the highest, the line fitted through them. */
  rss_mb: {
    after_warm_up: number;
    at_end: number;
    max: number;
    growth: number;
    growth_pct_per_10_min: number;
    slope_per_min: number;
  };
  /** What survives each major GC (MiB): the V8 heap outside the young generation just after one. */
  heap_after_gc_mb?: Trend & { major_gcs: number };
  /**
   * VmRSS less the heap V8 has committed (MiB): the binary, native allocations, buffers, stacks.
   * Which readings count: see outsideHeapReadings.
   */
  outside_heap_mb?: Trend;
  /** See isFlat: judged on the heap left by major GCs and on RSS outside the heap. */
  no_growth: boolean;
};

type Trend = { first: number; last: number; slope_per_min: number };
type Reading = { at: number; mib: number };

/**
 * Per 10 minutes, of the first reading: above the noise of a process that does not grow (the heap
 * left by a major GC varies by a MiB or two), below a leak of 20 bytes per event at 200 events/s.
 */
export const NO_GROWTH_PCT_PER_10_MIN = 5;
const MINUTE_MS = 60_000;
const MIN_GCS_FOR_A_TREND = 3;

export function memoryTrend(samples: readonly MemorySample[], warmUpEndsAt: number): MemoryTrend {
  const steady = samples.filter((sample) => sample.at >= warmUpEndsAt);
  const heapReadings = steady.flatMap(({ at, rssMiB, heap }) => (heap ? [{ at, rssMiB, ...heap }] : []));
  const gcs = majorGcs(heapReadings.map(({ at, tenuredUsed }) => ({ at, mib: tenuredUsed })));
  const afterGc = gcs.map((index) => ({ at: heapReadings[index].at, mib: heapReadings[index].tenuredUsed }));
  const heapAfterGc = afterGc.length >= 2 ? { ...trend(afterGc), major_gcs: afterGc.length } : undefined;
  const outsideReadings = outsideHeapReadings(heapReadings, gcs);
  const outsideHeap =
    outsideReadings.length >= 2
      ? trend(outsideReadings.map(({ at, rssMiB, committed }) => ({ at, mib: round(rssMiB - committed, 1) })))
      : undefined;
  const rss = rssTrend(steady);
  const judged = [heapAfterGc, outsideHeap].filter((part) => part !== undefined);
  return {
    rss_mb: rss,
    ...(heapAfterGc && { heap_after_gc_mb: heapAfterGc }),
    ...(outsideHeap && { outside_heap_mb: outsideHeap }),
    // RSS itself only when the app never answered /metrics.
    no_growth:
      judged.length > 0
        ? judged.every(isFlat)
        : isFlat({ first: rss.after_warm_up, last: rss.at_end, slope_per_min: rss.slope_per_min }),
  };
}

/**
 * Where RSS outside the heap is read: just before each major GC, when the committed heap is at its
 * largest and all of it resident. Just after one, V8 has decommitted the pages it freed, but they
 * stay resident for a while, so RSS less the committed heap jumps by tens of MiB and drifts down as
 * they are given back: a sawtooth that, fitted over ten minutes, reads as growth or shrinkage. A line
 * through two such readings is no trend, so with fewer than three major GCs in the run (an app whose
 * heap fills slowly), every reading up to the first one counts instead: nothing was decommitted before it.
 */
function outsideHeapReadings<R>(readings: readonly R[], gcs: readonly number[]): R[] {
  if (gcs.length >= MIN_GCS_FOR_A_TREND) return gcs.map((index) => readings[index - 1]);
  return readings.slice(0, gcs[0] ?? readings.length);
}

/**
 * RSS itself is no verdict: under load it is a sawtooth, the old generation filling with what
 * scavenges promote until V8 collects it (at two to four times what the last major GC left), so a line
 * fitted through it depends on where the run starts and ends in a cycle. A leak shows instead in
 * what survives the major GCs (JavaScript objects) or in RSS outside the V8 heap (native memory).
 */
function isFlat({ first, slope_per_min: slope }: Trend): boolean {
  return slope * 10 < (first * NO_GROWTH_PCT_PER_10_MIN) / 100;
}

function rssTrend(steady: readonly MemorySample[]): MemoryTrend['rss_mb'] {
  const first = steady[0];
  const last = steady[steady.length - 1];
  const growth = last.rssMiB - first.rssMiB;
  const minutes = (last.at - first.at) / MINUTE_MS;
  return {
    after_warm_up: first.rssMiB,
    at_end: last.rssMiB,
    max: Math.max(...steady.map((sample) => sample.rssMiB)),
    growth: round(growth, 1),
    growth_pct_per_10_min: minutes > 0 ? round(((growth / first.rssMiB) * 100 * 10) / minutes, 1) : 0,
    slope_per_min: slopePerMinute(steady.map(({ at, rssMiB }) => ({ at, mib: rssMiB }))),
  };
}

function trend(readings: readonly Reading[]): Trend {
  return { first: readings[0].mib, last: readings[readings.length - 1].mib, slope_per_min: slopePerMinute(readings) };
}

/**
 * The indices of the readings just after each major GC. The tenured heap only shrinks when one has
 * run (between two, it fills with what scavenges promote), so the bottom of each drop is one.
 */
function majorGcs(tenured: readonly Reading[]): number[] {
  return tenured.flatMap((reading, index) =>
    index > 0 &&
    reading.mib < tenured[index - 1].mib &&
    (index === tenured.length - 1 || reading.mib <= tenured[index + 1].mib)
      ? [index]
      : [],
  );
}

function slopePerMinute(readings: readonly Reading[]): number {
  const slope = linearSlope(readings.map(({ at, mib }) => ({ x: at / MINUTE_MS, y: mib })));
  return Number.isNaN(slope) ? 0 : round(slope, 2);
}
