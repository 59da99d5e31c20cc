import { ack, reject, retry } from './handler-outcome';
import { NonRetryableError } from './non-retryable.error';
import { RetryableError } from './retryable.error';
import { type DeliveryAttempt, retryDelayFor, settlementForError, settlementForResult } from './settlement';

const attempt = (deliveryCount: number): DeliveryAttempt => ({
  deliveryCount,
  maxDeliver: 4,
  retryDelaysMs: [1000, 5000, 30_000],
});

describe('settlementForResult', () => {
  it.each([undefined, null, 'a value', { some: 'object' }, ack()])('acks when the handler returns %p', (value) => {
    expect(settlementForResult(value, attempt(1))).toEqual({ action: 'ack' });
  });

  it('naks with the explicit delay of retry(delayMs)', () => {
    expect(settlementForResult(retry(250, 'busy'), attempt(1))).toEqual({
      action: 'nak',
      delayMs: 250,
      reason: 'busy',
      requested: true,
    });
  });

  it('naks with the back-off delay of the delivery count when retry() has no delay', () => {
    expect(settlementForResult(retry(), attempt(2))).toMatchObject({ action: 'nak', delayMs: 5000 });
  });

  it('terminates with the reason of reject(reason)', () => {
    expect(settlementForResult(reject('unknown event type'), attempt(1))).toEqual({
      action: 'term',
      reason: 'unknown event type',
    });
  });

  it('terminates as exhausted when a retry is asked on the last delivery', () => {
    expect(settlementForResult(retry(10, 'still down'), attempt(4))).toEqual({
      action: 'term',
      reason: 'exhausted after 4 deliveries: still down',
    });
  });
});

describe('settlementForError', () => {
  it('naks an ordinary error with the back-off delay', () => {
    expect(settlementForError(new Error('boom'), attempt(1))).toEqual({
      action: 'nak',
      delayMs: 1000,
      reason: 'boom',
      requested: false,
    });
  });

  it('naks a RetryableError with its own delay', () => {
    const error = new RetryableError('rate limited', { delayMs: 42 });

    expect(settlementForError(error, attempt(1))).toEqual({
      action: 'nak',
      delayMs: 42,
      reason: 'rate limited',
      requested: false,
    });
  });

  it('naks what Nest makes of an error thrown past its exception filter', () => {
    const filtered = { status: 'error', message: 'Internal server error' };

    expect(settlementForError(filtered, attempt(1))).toMatchObject({ action: 'nak', reason: 'Internal server error' });
  });

  it('terminates a NonRetryableError with its reason', () => {
    expect(settlementForError(new NonRetryableError('invalid envelope'), attempt(1))).toEqual({
      action: 'term',
      reason: 'invalid envelope',
    });
  });

  it('terminates as exhausted when the last delivery fails', () => {
    expect(settlementForError(new Error('timeout'), attempt(4))).toEqual({
      action: 'term',
      reason: 'exhausted after 4 deliveries: timeout',
    });
  });
});

describe('retryDelayFor', () => {
  it('repeats the last delay once the list runs out', () => {
    expect([1, 2, 3, 4, 9].map((count) => retryDelayFor({ ...attempt(count), maxDeliver: 10 }))).toEqual([
      1000, 5000, 30_000, 30_000, 30_000,
    ]);
  });

  it('retries at once with an empty list', () => {
    expect(retryDelayFor({ deliveryCount: 3, maxDeliver: 5, retryDelaysMs: [] })).toBe(0);
  });
});

describe('outcome errors', () => {
  it('survive Nest’s default RPC exception filter, which rethrows getError()', () => {
    const retryable = new RetryableError('later', { delayMs: 5 });
    const rejected = new NonRetryableError('never');

    expect(retryable.getError()).toBe(retryable);
    expect(rejected.getError()).toBe(rejected);
    expect(rejected.message).toBe('never');
  });
});
