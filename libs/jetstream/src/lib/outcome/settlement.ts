import { isHandlerOutcome } from './handler-outcome';
import { NonRetryableError } from './non-retryable.error';
import { RetryableError } from './retryable.error';

/** What the transport does with a delivered message once its handler has finished. */
export type Settlement =
  | { readonly action: 'ack' }
  /** `requested`: the handler asked for the retry (flow control), rather than failed. */
  | { readonly action: 'nak'; readonly delayMs: number; readonly reason: string; readonly requested: boolean }
  | { readonly action: 'term'; readonly reason: string };

export type DeliveryAttempt = {
  readonly deliveryCount: number;
  readonly maxDeliver: number;
  readonly retryDelaysMs: readonly number[];
};

export function settlementForResult(result: unknown, attempt: DeliveryAttempt): Settlement {
  if (!isHandlerOutcome(result) || result.kind === 'ack') return { action: 'ack' };
  if (result.kind === 'reject') return { action: 'term', reason: result.reason };
  return retryOrExhaust(result.reason ?? 'handler asked for a retry', result.delayMs, attempt, true);
}

export function settlementForError(error: unknown, attempt: DeliveryAttempt): Settlement {
  if (error instanceof NonRetryableError) return { action: 'term', reason: error.reason };
  const delayMs = error instanceof RetryableError ? error.delayMs : undefined;
  return retryOrExhaust(errorMessage(error), delayMs, attempt, false);
}

/** A retry on the last allowed delivery would never be delivered: the message is exhausted instead. */
export function retryOrExhaust(
  reason: string,
  delayMs: number | undefined,
  attempt: DeliveryAttempt,
  requested: boolean,
): Settlement {
  if (attempt.deliveryCount >= attempt.maxDeliver) {
    return { action: 'term', reason: `exhausted after ${attempt.deliveryCount} deliveries: ${reason}` };
  }
  return { action: 'nak', delayMs: delayMs ?? retryDelayFor(attempt), reason, requested };
}

/** The back-off list is indexed by delivery count; its last entry repeats. */
export function retryDelayFor({ deliveryCount, retryDelaysMs }: DeliveryAttempt): number {
  if (retryDelaysMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), retryDelaysMs.length) - 1;
  return retryDelaysMs[index] ?? 0;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return 'handler failed';
}
