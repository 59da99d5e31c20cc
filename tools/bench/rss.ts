import { readFileSync } from 'node:fs';

const MIB = 1024;

/** A field of /proc/<pid>/status in MiB (VmRSS: now; VmHWM: the peak so far); undefined once the process is gone. */
export function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Math.round((Number(match[1]) / MIB) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Polls VmRSS of named processes and keeps each one's peak while it runs. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Readonly<Record<string, number>>) {}

  start(intervalMs = 100): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  /** Stops polling and returns each process's peak VmRSS (MiB) while sampled. */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const rss = memoryMiB(pid, 'VmRSS');
      if (rss !== undefined) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rss));
    }
  }
}
