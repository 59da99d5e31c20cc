type Pending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/**
 * Gathers the calls made while the event loop is busy (everything queued before the next
 * `setImmediate`) into one `flush`, up to `maxBatch` at a time: thirty handlers that each need one
 * row make one query, not thirty round trips. Each caller gets its own result, or the batch's
 * error, only once the flush has finished, so an ack that waits on it waits on the write.
 */
export class StatementBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.drain());
    });
  }

  private drain(): void {
    this.scheduled = false;
    while (this.queue.length > 0) void this.run(this.queue.splice(0, this.maxBatch));
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
