import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { round } from './stats';

export type MachineInfo = {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
  nats_server: string;
  load_average_at_start: number[];
};

/** What the figures were measured on; the load average says how busy the machine already was. */
export function describeMachine(): MachineInfo {
  return {
    cpus: availableParallelism(),
    cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
    memory_gb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    nats_server: natsServerVersion(),
    load_average_at_start: loadAverage(),
  };
}

export function loadAverage(): number[] {
  return loadavg().map((value) => round(value, 2));
}

function natsServerVersion(): string {
  try {
    return execFileSync('nats-server', ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^nats-server:\s*/, '');
  } catch {
    return 'unknown';
  }
}
