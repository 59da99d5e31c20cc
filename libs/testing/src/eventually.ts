export type EventuallyOptions = { timeoutMs?: number; intervalMs?: number; description?: string };

/**
 * Polls `probe` until it returns without throwing (and, if it returns a value, a defined one),
 * or fails with the probe's last error once the deadline passes. Tests wait on conditions,
 * never on fixed sleeps.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<Exclude<T, undefined>> {
  const { timeoutMs = 10_000, intervalMs = 50, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new Error(`${description} returned undefined`);
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value as Exclude<T, undefined>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
