import { ConcurrencyLimiter } from './concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  it('lets no more than the limit in, and the next one in when a slot frees', async () => {
    const limiter = new ConcurrencyLimiter(2);
    await limiter.acquire();
    await limiter.acquire();
    let thirdIn = false;
    const third = limiter.acquire().then(() => (thirdIn = true));

    await Promise.resolve();
    expect(thirdIn).toBe(false);
    limiter.release();
    await third;

    expect(thirdIn).toBe(true);
    expect(limiter.inFlight).toBe(2);
  });

  it('never admits two waiters into one freed slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const admitted: number[] = [];
    const waiters = [1, 2].map((id) => limiter.acquire().then(() => admitted.push(id)));

    limiter.release();
    await waiters[0];
    await Promise.resolve();

    expect(admitted).toEqual([1]);
    expect(limiter.inFlight).toBe(1);
    limiter.release();
    await Promise.all(waiters);
  });

  it('waits until the wanted number of slots is free, never for more than the limit', async () => {
    const limiter = new ConcurrencyLimiter(3);
    await limiter.acquire();
    await limiter.acquire();
    let two = false;
    const twoFree = limiter.waitForSlots(2).then(() => (two = true));

    await Promise.resolve();
    expect(two).toBe(false);
    limiter.release();
    await twoFree;
    expect(limiter.available).toBe(2);
    limiter.release();
    await expect(limiter.waitForSlots(10)).resolves.toBeUndefined();
  });

  it('resolves idle() once everything in flight is released', async () => {
    const limiter = new ConcurrencyLimiter(3);
    await limiter.acquire();
    await limiter.acquire();
    let idle = false;
    const done = limiter.idle().then(() => (idle = true));

    limiter.release();
    await Promise.resolve();
    expect(idle).toBe(false);
    limiter.release();
    await done;

    expect(idle).toBe(true);
  });
});
