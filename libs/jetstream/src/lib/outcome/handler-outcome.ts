const OUTCOME = Symbol.for('herald.jetstream.outcome');

export type AckOutcome = { readonly [OUTCOME]: true; readonly kind: 'ack' };
export type RetryOutcome = {
  readonly [OUTCOME]: true;
  readonly kind: 'retry';
  readonly delayMs?: number;
  readonly reason?: string;
};
export type RejectOutcome = { readonly [OUTCOME]: true; readonly kind: 'reject'; readonly reason: string };

/**
 * What a handler decided about a message. Returning nothing (or any other value) acks; only the
 * transport turns an outcome into ack, nak(delay) or term.
 */
export type HandlerOutcome = AckOutcome | RetryOutcome | RejectOutcome;

/** The message was handled: acknowledge it. */
export function ack(): AckOutcome {
  return { [OUTCOME]: true, kind: 'ack' };
}

/** Deliver the message again later; without a delay, the consumer's back-off list decides. */
export function retry(delayMs?: number, reason?: string): RetryOutcome {
  return { [OUTCOME]: true, kind: 'retry', delayMs, reason };
}

/** Never deliver the message again: it is recorded as rejected with this reason, then terminated. */
export function reject(reason: string): RejectOutcome {
  return { [OUTCOME]: true, kind: 'reject', reason };
}

export function isHandlerOutcome(value: unknown): value is HandlerOutcome {
  return typeof value === 'object' && value !== null && OUTCOME in value;
}
