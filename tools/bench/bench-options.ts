import { parseArgs } from 'node:util';

export type BenchOptions = {
  quick: boolean;
  /** Events of the end-to-end scenario (and requests of the ceiling loop). */
  events: number;
  fanOutEndpoints: number;
  steadySeconds: number;
  steadyRate: number;
  notifications: number;
  /** Length of the soak scenario; 0 skips it. */
  soakSeconds: number;
  soakRate: number;
  /** Requests in flight in the ceiling loop. */
  ceilingConcurrency: number;
  /** Publishes awaiting their stream ack at once, so the publisher is never the bottleneck. */
  publishConcurrency: number;
  logLevel: string;
  cpuProfileDir?: string;
  keepRunDir: boolean;
};

export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--events N] [--fan-out N] [--steady-seconds S] [--steady-rate R]
                          [--notifications N] [--soak-seconds S] [--soak-rate R] [--ceiling-concurrency C] [--publish-concurrency C]
                          [--log-level info] [--cpu-prof <dir>] [--keep-run-dir] [--help]`;

const FULL = { events: 20_000, fanOut: 1000, steadySeconds: 60, notifications: 5000 };
/** Events/s of the soak: well under what the stack delivers on the development machine, so a backlog never builds. */
const DEFAULT_SOAK_RATE = 200;
const QUICK = { events: 2000, fanOut: 200, steadySeconds: 5, notifications: 500 };

export function parseBenchOptions(argv: string[]): BenchOptions {
  if (argv.includes('--help'))
    throw new BenchUsageError("npm run bench: Herald measured against this machine's ceiling");
  try {
    return readOptions(parseBenchArgs(argv).values);
  } catch (error) {
    if (error instanceof BenchUsageError) throw error;
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseBenchArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      events: { type: 'string' },
      'fan-out': { type: 'string' },
      'steady-seconds': { type: 'string' },
      'steady-rate': { type: 'string', default: '1000' },
      notifications: { type: 'string' },
      'soak-seconds': { type: 'string' },
      'soak-rate': { type: 'string' },
      'ceiling-concurrency': { type: 'string', default: '32' },
      'publish-concurrency': { type: 'string', default: '256' },
      'log-level': { type: 'string', default: process.env['LOG_LEVEL'] || 'info' },
      'cpu-prof': { type: 'string' },
      'keep-run-dir': { type: 'boolean', default: false },
    },
  });
}

function readOptions(values: ReturnType<typeof parseBenchArgs>['values']): BenchOptions {
  const defaults = values.quick ? QUICK : FULL;
  return {
    quick: values.quick === true,
    events: positive('--events', values.events, defaults.events),
    fanOutEndpoints: positive('--fan-out', values['fan-out'], defaults.fanOut),
    steadySeconds: positive('--steady-seconds', values['steady-seconds'], defaults.steadySeconds),
    steadyRate: positive('--steady-rate', values['steady-rate'], 1000),
    notifications: positive('--notifications', values.notifications, defaults.notifications),
    soakSeconds: nonNegative('--soak-seconds', values['soak-seconds'], 0),
    soakRate: positive('--soak-rate', values['soak-rate'], DEFAULT_SOAK_RATE),
    ceilingConcurrency: positive('--ceiling-concurrency', values['ceiling-concurrency'], 32),
    publishConcurrency: positive('--publish-concurrency', values['publish-concurrency'], 256),
    logLevel: values['log-level'] ?? 'info',
    cpuProfileDir: values['cpu-prof'],
    keepRunDir: values['keep-run-dir'] === true,
  };
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  return integerAtLeast(1, flag, value, fallback);
}

function nonNegative(flag: string, value: string | undefined, fallback: number): number {
  return integerAtLeast(0, flag, value, fallback);
}

function integerAtLeast(min: 0 | 1, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new BenchUsageError(`${flag} must be a ${min === 0 ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return number;
}

export class BenchUsageError extends Error {}
