import type { MemorySample } from '../memory-timeline';
import { memoryTrend } from './memory-trend';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const BINARY_MIB = 50;
const YOUNG_GENERATION_MIB = 16;
/** A major GC every 15 s, as at 200 events/s: the old generation fills from the floor to three times it. */
const GC_CYCLE_MS = 15 * SECOND;

type Process = {
  /** Native memory outside the V8 heap at `at` (MiB). */
  native: (at: number) => number;
  /** What a major GC leaves of the heap at `at` (MiB). */
  heapFloor: (at: number) => number;
  /** How long pages a GC freed stay resident after V8 decommitted them. */
  pagesLingerMs: number;
};

/** A soak's samples, one a second for ten minutes, of a process that saws as a Node app under load does. */
function soak({ native, heapFloor, pagesLingerMs }: Process): MemorySample[] {
  const samples: MemorySample[] = [];
  let lastPeak = 0;
  let lastGcAt = -Infinity;
  for (let at = 0; at <= 10 * MINUTE; at += SECOND) {
    const intoCycle = (at % GC_CYCLE_MS) / GC_CYCLE_MS;
    if (intoCycle === 0 && at > 0) lastGcAt = at;
    const floor = heapFloor(at);
    const tenuredUsed = floor * (1 + 2 * intoCycle);
    const committed = tenuredUsed + YOUNG_GENERATION_MIB;
    if (intoCycle === 14 / 15) lastPeak = committed;
    const residentHeap = at - lastGcAt < pagesLingerMs ? Math.max(committed, lastPeak) : committed;
    samples.push({
      at,
      rssMiB: BINARY_MIB + native(at) + residentHeap,
      heap: { tenuredUsed, committed },
    });
  }
  return samples;
}

const flat = (mib: number) => () => mib;
const growing = (mib: number, perMinute: number) => (at: number) => mib + (perMinute * at) / MINUTE;
const WARM_UP_ENDS_AT = 2 * MINUTE;

describe('memoryTrend (the soak verdict)', () => {
  it('finds no growth in an app whose heap saws and whose freed pages stay resident for a while after each GC', () => {
    const trend = memoryTrend(
      soak({ native: flat(120), heapFloor: flat(50), pagesLingerMs: 10 * SECOND }),
      WARM_UP_ENDS_AT,
    );

    expect(trend.no_growth).toBe(true);
    expect(trend.heap_after_gc_mb).toMatchObject({ first: 50, last: 50, slope_per_min: 0 });
    expect(trend.outside_heap_mb).toMatchObject({ first: 170, last: 170, slope_per_min: 0 });
    expect(trend.heap_after_gc_mb?.major_gcs).toBe(32);
  });

  it('finds growth when native memory outside the heap grows by a MiB a minute', () => {
    const trend = memoryTrend(
      soak({ native: growing(120, 1), heapFloor: flat(50), pagesLingerMs: 10 * SECOND }),
      WARM_UP_ENDS_AT,
    );

    expect(trend.no_growth).toBe(false);
    expect(trend.outside_heap_mb?.slope_per_min).toBeCloseTo(1, 1);
    expect(trend.heap_after_gc_mb?.slope_per_min).toBe(0);
  });

  it('finds growth when what survives each major GC grows', () => {
    const trend = memoryTrend(
      soak({ native: flat(120), heapFloor: growing(50, 0.5), pagesLingerMs: 10 * SECOND }),
      WARM_UP_ENDS_AT,
    );

    expect(trend.no_growth).toBe(false);
    expect(trend.heap_after_gc_mb?.slope_per_min).toBeCloseTo(0.5, 1);
  });

  it('judges RSS outside the heap on the readings before the first major GC when fewer than three ran, so a heap that only fills is no growth', () => {
    const filling = (native: (at: number) => number): MemorySample[] =>
      Array.from({ length: 601 }, (_, second) => {
        const at = second * SECOND;
        const committed = 60 + (40 * at) / (10 * MINUTE);
        return { at, rssMiB: BINARY_MIB + native(at) + committed, heap: { tenuredUsed: committed - 20, committed } };
      });

    const steady = memoryTrend(filling(flat(80)), WARM_UP_ENDS_AT);
    const leaking = memoryTrend(filling(growing(80, 1)), WARM_UP_ENDS_AT);

    expect(steady.heap_after_gc_mb).toBeUndefined();
    expect(steady.rss_mb.growth).toBeGreaterThan(30);
    expect(steady.no_growth).toBe(true);
    expect(leaking.outside_heap_mb?.slope_per_min).toBeCloseTo(1, 1);
    expect(leaking.no_growth).toBe(false);
  });
});
