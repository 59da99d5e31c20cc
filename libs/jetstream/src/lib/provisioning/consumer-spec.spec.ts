import { nanos } from '@nats-io/transport-node';
import { CONSUMER_DEFAULTS, resolveConsumerSpec, toConsumerConfig } from './consumer-spec';
import { toStreamConfig } from './stream-spec';

describe('consumer config', () => {
  it('always sets max_deliver, ack_wait and max_ack_pending, and never a backoff', () => {
    const config = toConsumerConfig(resolveConsumerSpec({ stream: 'EVENTS', durable: 'w', filterSubject: 'events.>' }));

    expect(config).toEqual({
      durable_name: 'w',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      filter_subject: 'events.>',
      max_deliver: CONSUMER_DEFAULTS.maxDeliver,
      ack_wait: nanos(CONSUMER_DEFAULTS.ackWaitMs),
      max_ack_pending: CONSUMER_DEFAULTS.maxAckPending,
    });
  });

  it('keeps defaults for options given as undefined', () => {
    const spec = resolveConsumerSpec({ stream: 'S', durable: 'd', filterSubject: 's.>', concurrency: undefined });

    expect(spec.concurrency).toBe(CONSUMER_DEFAULTS.concurrency);
  });

  it('refuses a concurrency below one', () => {
    expect(() => resolveConsumerSpec({ stream: 'S', durable: 'd', filterSubject: 's.>', concurrency: 0 })).toThrow(
      /concurrency/,
    );
  });
});

describe('stream config', () => {
  it('sets a duplicate window, two minutes by default', () => {
    expect(toStreamConfig({ name: 'EVENTS', subjects: ['events.>'] }).duplicate_window).toBe(nanos(120_000));
  });

  it('keeps the duplicate window within max_age, as the server would', () => {
    expect(toStreamConfig({ name: 'E', subjects: ['e.>'], maxAgeMs: 60_000 }).duplicate_window).toBe(nanos(60_000));
  });
});
