import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchResult } from './report';
import type { SoakResult } from './scenarios/soak.scenario';
import type { LatencySummary } from './stats';

const ROOT = join(__dirname, '../..');
const QUICK_RUN_TIMEOUT_MS = 420_000;

/** `npm run bench -- --quick` with a 5 s soak, to the end; resolves with its exit code and what it printed. */
function runQuickBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'bench', '--', '--quick', '--soak-seconds', '5', '--log-level', 'warn'], {
      cwd: ROOT,
      env: process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectLatency(latency: LatencySummary): void {
  for (const figure of [latency.p50, latency.p95, latency.p99, latency.max]) expect(figure).toBeGreaterThan(0);
  expect(latency.p50).toBeLessThanOrEqual(latency.p95);
  expect(latency.p95).toBeLessThanOrEqual(latency.p99);
  expect(latency.p99).toBeLessThanOrEqual(latency.max);
}

/**
 * Delivery is at least once: on an overloaded machine a delivery may arrive twice (the receiver
 * counts it once, by webhook-id, and reports the duplicate), so the suite asserts that every event
 * arrived, correctly signed, and that duplicates are reported, not that there are none. No speed targets.
 */
describe('npm run bench -- --quick --soak-seconds 5', () => {
  let run: { code: number | null; stdout: string; stderr: string };
  let result: BenchResult;

  beforeAll(async () => {
    run = await runQuickBench();
    const lastLine = run.stdout.trim().split('\n').pop() ?? '';
    if (lastLine.startsWith('{')) result = JSON.parse(lastLine) as BenchResult;
  }, QUICK_RUN_TIMEOUT_MS);

  it('exits 0, prints the table and ends with a line of JSON', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('ceiling: bare undici');
    expect(run.stdout).toContain('targets:');
    expect(result).toBeDefined();
  });

  it('records the machine, the database and the options of the run', () => {
    expect(result.machine).toEqual(
      expect.objectContaining({ cpus: expect.any(Number), cpu_model: expect.any(String), node: process.version }),
    );
    expect(result.machine.load_average_at_start).toHaveLength(3);
    expect(result.machine.load_average_at_end).toHaveLength(3);
    expect(result.database).toEqual(expect.any(String));
    expect(result.options).toEqual(
      expect.objectContaining({
        events: 2000,
        fan_out_endpoints: 200,
        steady_seconds: 5,
        steady_rate: 1000,
        soak_seconds: 5,
        soak_rate: 200,
      }),
    );
  });

  it('measures the ceiling twice, every request verified by the receiver', () => {
    const { before, after, per_second: perSecond } = result.ceiling;
    for (const run of [before, after]) {
      expect(run).toEqual(expect.objectContaining({ requests: 2000, failed: 0 }));
      expect(run.per_second).toBeGreaterThan(0);
    }
    expect(perSecond).toBe(Math.max(before.per_second, after.per_second));
  });

  it('delivers every end-to-end event, correctly signed, and reports its figures', () => {
    const e2e = result.end_to_end;
    expect({ received: e2e.received, invalid: e2e.invalid_signatures }).toEqual({ received: 2000, invalid: 0 });
    expect(e2e.duplicates).toEqual(expect.any(Number));
    expect(e2e.per_second).toBeGreaterThan(0);
    expectLatency(e2e.latency_ms);
    for (const app of ['webhooks', 'notifications', 'impact-in']) {
      expect(e2e.peak_rss_mb[app]).toBeGreaterThan(0);
      expect(e2e.high_water_rss_mb[app]).toBeGreaterThan(0);
    }
    expect(result.ratio_end_to_end_to_ceiling).toBeCloseTo(e2e.per_second / result.ceiling.per_second, 2);
  });

  it('delivers the same events through the BullMQ baseline, correctly signed, and compares Herald with it', () => {
    const baseline = result.baseline;
    expect({ received: baseline.received, invalid: baseline.invalid_signatures }).toEqual({
      received: 2000,
      invalid: 0,
    });
    expect(baseline.per_second).toBeGreaterThan(0);
    expectLatency(baseline.latency_ms);
    expect(baseline.cpu_ms_per_event['baseline worker']).toBeGreaterThan(0);
    expect(baseline.cpu_ms_per_event['redis']).toBeGreaterThan(0);
    expect(result.ratio_end_to_end_to_baseline).toBeCloseTo(result.end_to_end.per_second / baseline.per_second, 2);
  });

  it('fans one event out to every endpoint', () => {
    expect(result.fan_out).toEqual(
      expect.objectContaining({ endpoints: 200, received: 200, invalid_signatures: 0, duplicates: expect.any(Number) }),
    );
    expect(result.fan_out.last_receipt_ms).toBeGreaterThan(0);
  });

  it('delivers every event of the steady load and reports its latency', () => {
    const steady = result.steady;
    expect(steady).toEqual(
      expect.objectContaining({
        published: 5000,
        received: 5000,
        invalid_signatures: 0,
        duplicates: expect.any(Number),
      }),
    );
    expectLatency(steady.latency_ms);
    expect(steady.published_per_second).toBeGreaterThan(0);
    expect(typeof steady.keeps_up).toBe('boolean');
    expect(steady.drain_ms).toEqual(expect.any(Number));
  });

  it('reports the notifications figure, or says why it is not available', () => {
    const notifications = result.notifications;
    if (notifications.available) {
      expect(notifications).toEqual(expect.objectContaining({ notifications: 500, emails: 500, rendered_html: 500 }));
      expect(notifications.per_second).toBeGreaterThan(0);
    } else {
      expect(notifications.reason).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('delivers every event of the soak and reads the memory of every app', () => {
    expect(result.soak).toBeDefined();
    const soak = result.soak as SoakResult;
    expect(soak).toEqual(
      expect.objectContaining({
        seconds: 5,
        published: 1000,
        received: 1000,
        invalid_signatures: 0,
        duplicates: expect.any(Number),
      }),
    );
    expectLatency(soak.latency_ms);
    for (const app of ['webhooks', 'notifications', 'impact-in']) {
      const trend = soak.memory[app];
      expect(trend.rss_mb.after_warm_up).toBeGreaterThan(0);
      expect(trend.rss_mb.max).toBeGreaterThanOrEqual(Math.max(trend.rss_mb.after_warm_up, trend.rss_mb.at_end));
      expect(typeof trend.no_growth).toBe('boolean');
    }
    expect(run.stdout).toContain('webhooks memory, soak');
  });
});
