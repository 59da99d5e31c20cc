/**
 * `npm run bench`: Herald's throughput and latency measured against the physical ceiling of the
 * machine, in one run. See BENCH_USAGE (bench-options.ts) and docs/performance.md.
 *
 * Starts everything it measures, privately: a nats-server on a free port, a fresh database, the
 * three apps as production processes, a receiver (its own process) that verifies every signature,
 * and a fake SendGrid. Prints a table, then one last line of JSON with every figure.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppName } from '@herald/config';
import { generateWebhookSecret } from '@herald/signing';
import { type BenchOptions, BenchUsageError, BENCH_USAGE, parseBenchOptions } from './bench-options';
import { BenchStack } from './bench-stack';
import { type CeilingResult, type CeilingRun, measureCeiling } from './ceiling';
import { CpuTimeMeter } from './cpu-time';
import { EventFeed } from './event-feed';
import { FakeSendGrid } from './fake-sendgrid';
import { HeraldApi } from './herald-api';
import { describeMachine, loadAverage } from './machine';
import { ReceiverProcess } from './receiver/receiver-process';
import { type BenchResult, renderTable } from './report';
import { runBaseline } from './scenarios/baseline.scenario';
import type { BenchContext, BenchOrg, ScenarioHooks } from './scenarios/bench-context';
import { measuredProcesses, sampleData, STALL_MS } from './scenarios/bench-context';
import { runEndToEnd } from './scenarios/end-to-end.scenario';
import { runFanOut } from './scenarios/fan-out.scenario';
import { runNotifications } from './scenarios/notifications.scenario';
import { runSoak, type SoakResult } from './scenarios/soak.scenario';
import { runSteadyLoad } from './scenarios/steady-load.scenario';
import { round } from './stats';

const BENCH_SCOPES = ['webhooks:manage', 'notifications:manage', 'notifications:send'];

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const machine = describeMachine();
  const runDir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const secret = generateWebhookSecret();
  const sendGrid = new FakeSendGrid();
  await sendGrid.start();
  const stack = new BenchStack({
    runDir,
    logLevel: options.logLevel,
    cpuProfileDir: options.cpuProfileDir && resolve(options.cpuProfileDir),
    appEnv: {
      SENDGRID_API_KEY: 'SG.bench-fake-key',
      SENDGRID_FROM: 'bench@herald.test',
      SENDGRID_API_URL: sendGrid.url,
    },
  });
  let receiver: ReceiverProcess | undefined;
  let feed: EventFeed | undefined;
  let context: BenchContext | undefined;
  let succeeded = false;
  const stopOnSignal = () => void cleanUp().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  async function cleanUp(): Promise<void> {
    await feed?.close().catch(() => undefined);
    await Promise.all([context?.webhooksApi.close(), context?.notificationsApi.close()]);
    await receiver?.stop();
    await stack.stop();
    await sendGrid.stop();
    if (succeeded && !options.keepRunDir) rmSync(runDir, { recursive: true, force: true });
    else console.error(`logs and data of this run: ${runDir}`);
  }
  try {
    progress(`run directory ${runDir}; starting nats-server, the database, the apps and the receiver…`);
    [receiver] = await Promise.all([
      ReceiverProcess.start({ secret, logFile: join(runDir, 'receiver.log') }),
      stack.start(),
    ]);
    feed = await EventFeed.connect(stack.natsUrl);
    context = benchContext({ options, stack, receiver, feed, sendGrid, secret, runDir });
    const result = await Promise.race([runScenarios(context, machine), stack.failure]);
    console.log(renderTable(result));
    console.log(JSON.stringify(result));
    succeeded = true;
  } finally {
    await cleanUp();
  }
}

async function runScenarios(context: BenchContext, machine: ReturnType<typeof describeMachine>): Promise<BenchResult> {
  const { options } = context;
  progress(`ceiling: ${options.events} signed requests straight to the receiver…`);
  const ceilingBefore = await runCeiling(context, 'ceiling-before');
  progress(`end-to-end: ${options.events} events through EVENTS to one endpoint…`);
  const endToEnd = await runEndToEnd(context, profilingHooks(options, 'webhooks'));
  progress(`baseline: the same ${options.events} events through BullMQ, Redis and a worker process…`);
  const baseline = await runBaseline(context);
  progress('ceiling again, so that a machine busier during one of them still compares…');
  const ceiling = ceilingResult(options, ceilingBefore, await runCeiling(context, 'ceiling-after'));
  progress(`fan-out: one event to ${options.fanOutEndpoints} endpoints…`);
  const fanOut = await runFanOut(context);
  progress(`steady load: ${options.steadyRate} events/s for ${options.steadySeconds} s…`);
  const steady = await runSteadyLoad(context);
  progress(`notifications: ${options.notifications} emails through the fake SendGrid…`);
  const notifications = await runNotifications(context, profilingHooks(options, 'notifications'));
  const soak = await soakIfAsked(context);
  return {
    machine: { ...machine, load_average_at_end: loadAverage() },
    database:
      context.stack.database?.created.kind === 'postgres'
        ? 'Postgres at 127.0.0.1:5432 (fresh database)'
        : 'embedded PGlite (no Postgres answered)',
    options: {
      events: options.events,
      fan_out_endpoints: options.fanOutEndpoints,
      steady_seconds: options.steadySeconds,
      steady_rate: options.steadyRate,
      notifications: options.notifications,
      soak_seconds: options.soakSeconds,
      soak_rate: options.soakRate,
      ceiling_concurrency: options.ceilingConcurrency,
      log_level: options.logLevel,
    },
    ceiling,
    end_to_end: endToEnd,
    ratio_end_to_end_to_ceiling: round(endToEnd.per_second / ceiling.per_second, 3),
    baseline,
    ratio_end_to_end_to_baseline: round(endToEnd.per_second / baseline.per_second, 3),
    fan_out: fanOut,
    steady,
    notifications,
    soak,
  };
}

/** Only with --soak-seconds: the 10-minute soak would more than double a full run. */
async function soakIfAsked(context: BenchContext): Promise<SoakResult | undefined> {
  const { soakRate, soakSeconds } = context.options;
  if (soakSeconds === 0) return undefined;
  progress(`soak: ${soakRate} events/s for ${soakSeconds} s, memory read every second…`);
  return runSoak(context);
}

/** The ceiling loop into its own receiver lane; every request must have been verified by the receiver. */
async function runCeiling(context: BenchContext, lane: string): Promise<CeilingRun> {
  const cpu = new CpuTimeMeter(await measuredProcesses(context));
  const run = await measureCeiling({
    url: `${context.receiver.url}/${lane}/0`,
    secret: context.secret,
    requests: context.options.events,
    concurrency: context.options.ceilingConcurrency,
    payload: (index) => ({
      id: `evt_${lane}_${index}`,
      type: 'invoice.paid',
      created_at: new Date().toISOString(),
      data: sampleData(index),
    }),
  });
  await context.receiver.log.waitForDeliveries(lane, context.options.events, STALL_MS);
  return { ...run, cpu_ms_per_request: cpu.perUnit(context.options.events, await measuredProcesses(context)) };
}

/** The physical ceiling is the better of the two runs: the ratio never flatters Herald. */
function ceilingResult(options: BenchOptions, before: CeilingRun, after: CeilingRun): CeilingResult {
  return {
    per_second: Math.max(before.per_second, after.per_second),
    concurrency: options.ceilingConcurrency,
    before,
    after,
  };
}

function benchContext(parts: Omit<BenchContext, 'webhooksApi' | 'notificationsApi' | 'createOrg'>): BenchContext {
  const { stack } = parts;
  const webhooksApi = new HeraldApi(stack.appUrl('webhooks'));
  return {
    ...parts,
    webhooksApi,
    notificationsApi: new HeraldApi(stack.appUrl('notifications')),
    async createOrg(name: string): Promise<BenchOrg> {
      const org = await webhooksApi.post<{ id: string }>('/v1/orgs', stack.adminToken, { name });
      const key = await webhooksApi.post<{ key: string }>(`/v1/orgs/${org.id}/api-keys`, stack.adminToken, {
        scopes: BENCH_SCOPES,
      });
      return { orgId: org.id, key: key.key };
    },
  };
}

/** With --cpu-prof, `app` profiles exactly the scenario given these hooks (see cpu-profile/). */
function profilingHooks(options: BenchOptions, app: AppName): ScenarioHooks {
  const dir = options.cpuProfileDir && resolve(options.cpuProfileDir);
  if (!dir) return {};
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, `${app}.start`), { force: true });
  rmSync(join(dir, `${app}.stop`), { force: true });
  return {
    before: () => writeFileSync(join(dir, `${app}.start`), randomBytes(4).toString('hex')),
    after: () => writeFileSync(join(dir, `${app}.stop`), randomBytes(4).toString('hex')),
  };
}

function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

main().catch((error: unknown) => {
  if (error instanceof BenchUsageError) {
    console.error(`${error.message}\n${BENCH_USAGE}`);
    process.exitCode = process.argv.includes('--help') ? 0 : 2;
    return;
  }
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
