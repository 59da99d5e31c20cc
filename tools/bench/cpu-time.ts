import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used since it started, in ms; undefined once it is gone. */
function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}

/** Each process's CPU time so far (ms), by pid; processes that are gone are left out. */
function cpuTimesMs(pids: readonly number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    const time = cpuTimeMs(pid);
    if (time !== undefined) times.set(pid, time);
  }
  return times;
}

/**
 * The CPU time named groups of processes spend over a span of work. CPU time per unit of work is
 * the figure that still compares when other work shares the machine, which wall-clock rates do not.
 * A process that exits during the span stops counting, with what it spent in the span lost; one that
 * started during it (a pool's new database connection) counts in full when the caller names it at the end.
 */
export class CpuTimeMeter {
  private readonly startedAt: Map<string, Map<number, number>>;

  constructor(private readonly groups: Readonly<Record<string, readonly number[]>>) {
    this.startedAt = new Map(Object.entries(groups).map(([name, pids]) => [name, cpuTimesMs(pids)]));
  }

  /** Each group's CPU ms per unit since construction; `current` adds the processes started since. */
  perUnit(units: number, current: Readonly<Record<string, readonly number[]>> = {}): Record<string, number> {
    const figures: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.groups)) {
      const before = this.startedAt.get(name) ?? new Map<number, number>();
      const all = [...new Set([...pids, ...(current[name] ?? [])])];
      let spent = 0;
      for (const [pid, now] of cpuTimesMs(all)) spent += now - (before.get(pid) ?? 0);
      if (all.length > 0) figures[name] = Math.round((spent / units) * 1000) / 1000;
    }
    return figures;
  }
}
