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
    const batcher = new StatementBatcher<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((item) => batcher.add(item)));
    expect(sizes).toEqual([2, 2, 1]);
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
