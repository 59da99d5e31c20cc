export type LatencySummary = { p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles of millisecond samples, rounded to 0.1 ms. */
export function summarizeLatencies(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => {
    if (sorted.length === 0) return 0;
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
    return round(sorted[index], 1);
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Publish-to-receipt latency of every event that was both published and received. */
export function publishToReceiptLatencies(
  publishedAt: ReadonlyMap<string, number>,
  receivedAt: ReadonlyMap<string, number>,
): number[] {
  const latencies: number[] = [];
  for (const [id, published] of publishedAt) {
    const received = receivedAt.get(id);
    if (received !== undefined) latencies.push(received - published);
  }
  return latencies;
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function linearSlope(points: readonly { x: number; y: number }[]): number {
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const covariance = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const variance = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return variance === 0 ? NaN : covariance / variance;
}
