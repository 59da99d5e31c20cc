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
  /** VmRSS less the heap V8 has committed (MiB): the binary, native allocations, buffers, stacks. */
  outside_heap_mb?: Trend;
  /** See isFlat. */
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

export function memoryTrend(samples: readonly MemorySample[], warmUpEndsAt: number): MemoryTrend {
  const steady = samples.filter((sample) => sample.at >= warmUpEndsAt);
  const heapReadings = steady.flatMap(({ at, rssMiB, heap }) => (heap ? [{ at, rssMiB, ...heap }] : []));
  const afterGc = afterMajorGcs(heapReadings.map(({ at, tenuredUsed }) => ({ at, mib: tenuredUsed })));
  const heapAfterGc = afterGc.length >= 2 ? { ...trend(afterGc), major_gcs: afterGc.length } : undefined;
  const outsideHeap =
    heapReadings.length >= 2
      ? trend(heapReadings.map(({ at, rssMiB, committed }) => ({ at, mib: round(rssMiB - committed, 1) })))
      : undefined;
  return {
    rss_mb: rssTrend(steady),
    ...(heapAfterGc && { heap_after_gc_mb: heapAfterGc }),
    ...(outsideHeap && { outside_heap_mb: outsideHeap }),
    no_growth: [heapAfterGc, outsideHeap].every((part) => !part || isFlat(part)),
  };
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
 * The tenured heap only shrinks when a major GC has run (between two, it fills with what scavenges
 * promote), so the bottom of each drop is a reading just after one.
 */
function afterMajorGcs(readings: readonly Reading[]): Reading[] {
  return readings.filter(
    (reading, index) =>
      index > 0 &&
      reading.mib < readings[index - 1].mib &&
      (index === readings.length - 1 || reading.mib <= readings[index + 1].mib),
  );
}

function slopePerMinute(readings: readonly Reading[]): number {
  const slope = linearSlope(readings.map(({ at, mib }) => ({ x: at / MINUTE_MS, y: mib })));
  return Number.isNaN(slope) ? 0 : round(slope, 2);
}
