/** What a provider answered, as recorded on the step: status, the first 1 KiB of the body, or the error. */
export type ProviderResponse = { status?: number; body?: string; error?: string; outbox?: string };

export type SendResult =
  | { outcome: 'sent'; providerMessageId?: string; response: ProviderResponse; delivered?: boolean }
  | { outcome: 'retry'; response: ProviderResponse; retryAfterMs?: number }
  | { outcome: 'failed'; response: ProviderResponse };

const EXCERPT_BYTES = 1024;

export function excerpt(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return Buffer.from(text).subarray(0, EXCERPT_BYTES).toString();
}

/** 5xx, 429 and no answer at all are worth another attempt; any other 4xx will fail again. */
export function resultForStatus(status: number | undefined, response: ProviderResponse): SendResult {
  if (status === undefined || status >= 500 || status === 429 || status === 408) return { outcome: 'retry', response };
  return { outcome: 'failed', response };
}
