/** An app's `/metrics` page as Prometheus text; undefined when it did not answer in 5 s. */
export async function fetchMetrics(metricsUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) });
    return await response.text();
  } catch {
    return undefined;
  }
}

/** The value of the first sample of `name` (whose labels include `label`, when given) in Prometheus text. */
export function metricValue(text: string, name: string, label = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (label && !line.includes(label)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
