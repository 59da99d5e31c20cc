import { StatementBatcher } from './statement-batcher';

describe('StatementBatcher', () => {
  it('answers the calls made in one turn of the event loop with one flush, each with its own result', async () => {
    const flushes: number[][] = [];
    const batcher = new StatementBatcher<number, number>(async (items) => {
      flushes.push(items);
      return items.map((item) => item * 10);
    });
    const answers = await Promise.all([1, 2, 3].map((item) => batcher.add(item)));
    expect(answers).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
    await batcher.add(4);
    expect(flushes).toEqual([[1, 2, 3], [4]]);
  });

  it('splits a large turn into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((item) => batcher.add(item)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('gathers the calls made while a flush runs into the next one, started when it finishes', async () => {
    const flushes: number[][] = [];
    let finishFirst!: () => void;
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        flushes.push(items);
        if (flushes.length === 1) await new Promise<void>((resolve) => (finishFirst = resolve));
        return items;
      },
      { maxInFlight: 1 },
    );
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => batcher.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([[1]]);

    finishFirst();
    await Promise.all([first, ...later]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('runs up to maxInFlight flushes at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return items;
      },
      { maxBatch: 1, maxInFlight: 3 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6].map((item) => batcher.add(item)));
    expect(most).toBe(3);
  });

  it('fails every call of a batch whose flush fails, and only those', async () => {
    let fail = true;
    const batcher = new StatementBatcher<number, number>(async (items) => {
      if (fail) throw new Error('database gone');
      return items;
    });
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.add(3)).resolves.toBe(3);
  });
});
