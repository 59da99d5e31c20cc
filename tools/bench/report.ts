import type { CeilingResult, CeilingRun } from './ceiling';
import type { MachineInfo } from './machine';
import type { BaselineResult } from './scenarios/baseline.scenario';
import type { EndToEndResult } from './scenarios/end-to-end.scenario';
import type { FanOutResult } from './scenarios/fan-out.scenario';
import type { MemoryTrend } from './scenarios/memory-trend';
import type { NotificationsResult } from './scenarios/notifications.scenario';
import type { SoakResult } from './scenarios/soak.scenario';
import type { SteadyLoadResult } from './scenarios/steady-load.scenario';
import type { LatencySummary } from './stats';

export type BenchResult = {
  machine: MachineInfo & { load_average_at_end: number[] };
  database: string;
  options: {
    events: number;
    fan_out_endpoints: number;
    steady_seconds: number;
    steady_rate: number;
    notifications: number;
    soak_seconds: number;
    soak_rate: number;
    ceiling_concurrency: number;
    log_level: string;
  };
  ceiling: CeilingResult;
  end_to_end: EndToEndResult;
  ratio_end_to_end_to_ceiling: number;
  /** The glue Herald replaces, same events, same receiver, same run. */
  baseline: BaselineResult;
  ratio_end_to_end_to_baseline: number;
  fan_out: FanOutResult;
  steady: SteadyLoadResult;
  notifications: NotificationsResult;
  /** Absent when the run skipped the soak (--soak-seconds 0). */
  soak?: SoakResult;
};

/** The soak target is about 10 minutes: a shorter soak is reported, not judged. */
const TARGET_SOAK_SECONDS = 600;

/** The performance targets, checked against the figures (shown beside them, never enforced here). */
export function targets(
  result: BenchResult,
): { figure: string; measured: string; target: string; met: boolean | undefined }[] {
  const { end_to_end: e2e, steady, fan_out: fanOut, notifications, soak } = result;
  const webhooksSoak = soak?.memory['webhooks'];
  return [
    {
      figure: 'end-to-end / ceiling',
      measured: `${Math.round(result.ratio_end_to_end_to_ceiling * 100)} %`,
      target: '≥ 25 %',
      met: result.ratio_end_to_end_to_ceiling >= 0.25,
    },
    {
      figure: 'end-to-end / baseline',
      measured: `${result.ratio_end_to_end_to_baseline}×`,
      target: '≥ 1.5×',
      met: result.ratio_end_to_end_to_baseline >= 1.5,
    },
    {
      figure: 'steady p99 publish→receipt',
      measured: `${steady.latency_ms.p99} ms`,
      target: '< 250 ms',
      met: steady.latency_ms.p99 < 250,
    },
    {
      figure: 'fan-out, last receipt',
      measured: `${fanOut.last_receipt_ms} ms`,
      target: '< 1000 ms',
      met: fanOut.last_receipt_ms < 1000,
    },
    {
      figure: 'webhooks peak RSS (e2e)',
      measured: `${e2e.peak_rss_mb['webhooks'] ?? '?'} MiB`,
      target: '< 300 MB',
      met: (e2e.peak_rss_mb['webhooks'] ?? Infinity) < 300,
    },
    {
      figure: 'notifications emails/s',
      measured: notifications.available ? `${notifications.per_second}/s` : 'not available',
      target: '≥ 1000/s',
      met: notifications.available ? notifications.per_second >= 1000 : undefined,
    },
    {
      figure: 'webhooks memory, soak',
      measured:
        soak && webhooksSoak ? `${webhooksSoak.no_growth ? 'no growth' : 'grows'} in ${soak.seconds} s` : 'not run',
      target: 'no growth over 10 min',
      met: soak && webhooksSoak && soak.seconds >= TARGET_SOAK_SECONDS ? webhooksSoak.no_growth : undefined,
    },
  ];
}

function ceilingRun(run: CeilingRun): string {
  return `${run.per_second} req/s (${run.requests} in ${run.seconds} s, ${run.failed} failed)`;
}

function soakRows(soak: SoakResult | undefined): [string, string][] {
  if (!soak) return [['soak', 'not run (--soak-seconds 0)']];
  return [
    [
      `soak: ${soak.target_per_second} events/s for ${soak.seconds} s`,
      `published at ${soak.published_per_second}/s, ${soak.received} of ${soak.published} received, ${soak.duplicates} duplicates, ${soak.invalid_signatures} bad signatures`,
    ],
    [
      '  publish→receipt p50 / p95 / p99 / max',
      `${latencySummary(soak.latency_ms)}, drained ${soak.drain_ms} ms after the last publish`,
    ],
    ...Object.entries(soak.memory).map(([app, trend]): [string, string] => [
      `  ${app} memory after the ${soak.warm_up_seconds} s warm-up`,
      memoryTrendSummary(trend),
    ]),
  ];
}

function memoryTrendSummary({
  rss_mb: rss,
  heap_after_gc_mb: heap,
  outside_heap_mb: outside,
  no_growth: flat,
}: MemoryTrend): string {
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value}`;
  const parts = [
    `RSS ${rss.after_warm_up} → ${rss.at_end} MiB (max ${rss.max}, ${signed(rss.growth_pct_per_10_min)} %/10 min, ${signed(rss.slope_per_min)} MiB/min)`,
    heap
      ? `heap left by ${heap.major_gcs} major GCs ${heap.first} → ${heap.last} (${signed(heap.slope_per_min)} MiB/min)`
      : 'fewer than 2 major GCs (heap not judged)',
    outside ? `outside the heap ${outside.first} → ${outside.last} (${signed(outside.slope_per_min)} MiB/min)` : '',
  ];
  return `${parts.filter(Boolean).join('; ')}: ${flat ? 'no growth' : 'GROWS'}`;
}

function latencySummary(l: LatencySummary): string {
  return `${l.p50} / ${l.p95} / ${l.p99} / ${l.max} ms`;
}

export function renderTable(result: BenchResult): string {
  const { machine, ceiling, end_to_end: e2e, fan_out: fanOut, steady, notifications } = result;
  const perProcess = (figures: Record<string, number>) =>
    Object.entries(figures)
      .map(([name, figure]) => `${name} ${figure}`)
      .join(', ');
  const rows: [string, string][] = [
    [
      'machine',
      `${machine.cpus} CPUs (${machine.cpu_model}), ${machine.memory_gb} GB, node ${machine.node}, nats-server ${machine.nats_server}`,
    ],
    ['database', result.database],
    [
      'load average (1/5/15 min)',
      `${machine.load_average_at_start.join(' ')} at start, ${machine.load_average_at_end.join(' ')} at end`,
    ],
    ['', ''],
    [`ceiling: bare undici, ${ceiling.concurrency} in flight`, `${ceiling.per_second} req/s (the better run)`],
    ['  before / after the end-to-end run', `${ceilingRun(ceiling.before)}; ${ceilingRun(ceiling.after)}`],
    ['  CPU time per request, after (ms)', perProcess(ceiling.after.cpu_ms_per_request ?? {})],
    [`end-to-end: ${e2e.events} events → 1 endpoint`, `${e2e.per_second} deliveries/s (${e2e.seconds} s)`],
    ['  received / duplicates / bad signatures', `${e2e.received} / ${e2e.duplicates} / ${e2e.invalid_signatures}`],
    ['  publish→receipt p50 / p95 / p99 / max', latencySummary(e2e.latency_ms)],
    ['  attempts put off (endpoint busy)', `${e2e.deferred_attempts}`],
    ['  peak RSS during the run (MiB)', perProcess(e2e.peak_rss_mb)],
    ['  CPU time per event (ms)', perProcess(e2e.cpu_ms_per_event)],
    ['  ratio end-to-end / ceiling', `${Math.round(result.ratio_end_to_end_to_ceiling * 1000) / 10} %`],
    [
      `baseline: BullMQ + Redis (AOF) + a pg row, ${result.baseline.events} events`,
      `${result.baseline.per_second} deliveries/s (${result.baseline.seconds} s)`,
    ],
    [
      '  received / duplicates / bad signatures',
      `${result.baseline.received} / ${result.baseline.duplicates} / ${result.baseline.invalid_signatures}`,
    ],
    ['  enqueue→receipt p50 / p95 / p99 / max', latencySummary(result.baseline.latency_ms)],
    ['  CPU time per event (ms)', perProcess(result.baseline.cpu_ms_per_event)],
    ['  ratio Herald / baseline', `${result.ratio_end_to_end_to_baseline}×`],
    [
      `fan-out: 1 event → ${fanOut.endpoints} endpoints`,
      `last receipt after ${fanOut.last_receipt_ms} ms (${fanOut.received} received, ${fanOut.duplicates} duplicates)`,
    ],
    [
      `steady: ${steady.target_per_second} events/s for ${steady.seconds} s`,
      `published at ${steady.published_per_second}/s, ${steady.received} of ${steady.published} received`,
    ],
    ['  publish→receipt p50 / p95 / p99 / max', latencySummary(steady.latency_ms)],
    [
      '  p99 first fifth → last fifth, drain',
      `${steady.p99_first_fifth_ms} → ${steady.p99_last_fifth_ms} ms, drained ${steady.drain_ms} ms after the last publish`,
    ],
    ['  attempts put off (endpoint busy)', `${steady.deferred_attempts}`],
    ['  keeps up', steady.keeps_up ? 'yes' : 'no'],
    [
      'notifications: emails rendered + sent',
      notifications.available
        ? `${notifications.per_second}/s (${notifications.emails} emails, ${notifications.rendered_html} with rendered HTML, ${notifications.seconds} s)`
        : `not available: ${notifications.reason}`,
    ],
    ...(notifications.available
      ? [['  CPU time per email (ms)', perProcess(notifications.cpu_ms_per_email)] as [string, string]]
      : []),
    ...soakRows(result.soak),
    ['peak RSS since start, VmHWM (MiB)', perProcess(e2e.high_water_rss_mb)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => (label ? `${label.padEnd(width)}${value}` : ''));
  const targetRows = targets(result);
  const widthOf = (column: 'figure' | 'measured' | 'target') =>
    Math.max(...targetRows.map((row) => row[column].length)) + 2;
  const checks = targetRows.map(
    ({ figure, measured, target, met }) =>
      `  ${figure.padEnd(widthOf('figure'))}${measured.padEnd(widthOf('measured'))}${target.padEnd(widthOf('target'))}${met === undefined ? '-' : met ? 'met' : 'MISSED'}`,
  );
  return [...lines, '', 'targets:', ...checks].join('\n');
}
