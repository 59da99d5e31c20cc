import { fetchMetrics, metricValue } from './prometheus-text';
import { memoryMiB } from './rss';

const MIB = 1024 * 1024;

/** One reading of an app: VmRSS, and its V8 heap (from /metrics) when it answered. */
export type MemorySample = { at: number; rssMiB: number; heap?: HeapReading };

/** MiB: the heap used outside the young generation, and all the heap V8 has committed. */
export type HeapReading = { tenuredUsed: number; committed: number };

export type SampledApp = { name: string; pid: number; metricsUrl: string };

/**
 * Reads each app's memory every `intervalMs` for as long as it runs: VmRSS from /proc, and from
 * prom-client's default metrics the heap V8 has committed and the heap used minus the young
 * generation, whose 0–16 MiB sawtooth (a scavenge every few hundred ms under load) would drown a trend.
 */
export class MemoryTimeline {
  readonly samples = new Map<string, MemorySample[]>();
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly apps: readonly SampledApp[]) {
    for (const app of apps) this.samples.set(app.name, []);
  }

  start(intervalMs: number): this {
    this.running = this.sampleEvery(intervalMs);
    return this;
  }

  async stop(): Promise<Map<string, MemorySample[]>> {
    this.stopped = true;
    await this.running;
    return this.samples;
  }

  private async sampleEvery(intervalMs: number): Promise<void> {
    while (!this.stopped) {
      const next = new Promise((resolve) => setTimeout(resolve, intervalMs));
      await Promise.all(this.apps.map((app) => this.sample(app)));
      await next;
    }
  }

  private async sample(app: SampledApp): Promise<void> {
    const at = Date.now();
    const rssMiB = memoryMiB(app.pid, 'VmRSS');
    if (rssMiB === undefined) return;
    this.samples.get(app.name)?.push({ at, rssMiB, heap: await readHeap(app.metricsUrl) });
  }
}

async function readHeap(metricsUrl: string): Promise<HeapReading | undefined> {
  const text = await fetchMetrics(metricsUrl);
  if (text === undefined) return undefined;
  const used = metricValue(text, 'nodejs_heap_size_used_bytes');
  const young = metricValue(text, 'nodejs_heap_space_size_used_bytes', 'space="new"');
  const committed = metricValue(text, 'nodejs_heap_size_total_bytes');
  if (used === undefined || young === undefined || committed === undefined) return undefined;
  return { tenuredUsed: mib(used - young), committed: mib(committed) };
}

function mib(bytes: number): number {
  return Math.round((bytes / MIB) * 10) / 10;
}
