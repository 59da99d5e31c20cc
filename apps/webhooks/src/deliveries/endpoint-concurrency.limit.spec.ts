import type { HeraldConfig } from '@herald/config';
import { EndpointConcurrencyLimit, type EndpointSlot } from './endpoint-concurrency.limit';

function limitOf(endpointConcurrency: number): EndpointConcurrencyLimit {
  return new EndpointConcurrencyLimit({ webhooks: { endpointConcurrency } } as HeraldConfig);
}

async function holdSlowly(limit: EndpointConcurrencyLimit, endpointId: string, heldMs: number): Promise<void> {
  jest.setSystemTime(Date.now());
  const slot = await limit.acquire(endpointId);
  jest.advanceTimersByTime(heldMs);
  slot?.release();
}

describe('EndpointConcurrencyLimit', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('gives out at most the limit of slots per endpoint, independently per endpoint', async () => {
    const limit = limitOf(2);
    const held = [await limit.acquire('ep_a'), await limit.acquire('ep_a')];
    expect(held.every(Boolean)).toBe(true);
    expect(await limit.acquire('ep_b')).toBeDefined();

    const third = limit.acquire('ep_a');
    let got: EndpointSlot | undefined | 'pending' = 'pending';
    void third.then((slot) => (got = slot));
    await Promise.resolve();
    expect(got).toBe('pending');
  });

  it('hands a freed slot of a quick endpoint to the attempt waiting for it, first come first served', async () => {
    const limit = limitOf(2);
    const first = await limit.acquire('ep_a');
    await limit.acquire('ep_a');
    const order: string[] = [];
    const second = limit.acquire('ep_a').then((slot) => (order.push('second'), slot));
    const third = limit.acquire('ep_a').then((slot) => (order.push('third'), slot));

    first?.release();
    const secondSlot = await second;
    expect(secondSlot).toBeDefined();
    expect(order).toEqual(['second']);
    secondSlot?.release();
    expect(await third).toBeDefined();
    expect(order).toEqual(['second', 'third']);
  });

  it('admits waiters only while the expected wait is under 250 ms', async () => {
    const limit = limitOf(2);
    await limit.acquire('ep_a');
    await holdSlowly(limit, 'ep_a', 100); // the average request is now 20 ms: 10 ms a place over 2 slots
    await limit.acquire('ep_a');
    const waiting = Array.from({ length: 24 }, () => limit.acquire('ep_a'));

    expect(limit.hasRoom('ep_a')).toBe(false);
    expect(await limit.acquire('ep_a')).toBeUndefined();
    jest.advanceTimersByTime(250);
    expect(await Promise.all(waiting)).toEqual(Array(24).fill(undefined));
  });

  it('puts an attempt off when no slot frees within the wait', async () => {
    const limit = limitOf(1);
    await limit.acquire('ep_a');
    const waiting = limit.acquire('ep_a');

    jest.advanceTimersByTime(250);

    expect(await waiting).toBeUndefined();
    expect(limit.hasRoom('ep_a')).toBe(true);
  });

  it('never keeps an attempt waiting for a slow endpoint, and remembers it as slow when idle', async () => {
    const limit = limitOf(1);
    await holdSlowly(limit, 'ep_slow', 5_000);
    await limit.acquire('ep_slow');

    expect(limit.hasRoom('ep_slow')).toBe(false);
    expect(await limit.acquire('ep_slow')).toBeUndefined();
  });

  it('counts a slot released twice once', async () => {
    const limit = limitOf(1);
    const slot = await limit.acquire('ep_a');
    slot?.release();
    const next = await limit.acquire('ep_a');
    slot?.release();

    expect(next).toBeDefined();
    const waiting = limit.acquire('ep_a');
    jest.advanceTimersByTime(250);
    expect(await waiting).toBeUndefined();
  });
});
