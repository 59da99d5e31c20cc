type Pending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

export type StatementBatcherOptions = {
  /** Items in one flush at most (default 100). */
  maxBatch?: number;
  /** Flushes running at once at most (default 2): the calls made meanwhile gather into the next. */
  maxInFlight?: number;
};

/**
 * Gathers concurrent calls into one `flush`: thirty handlers that each need one row make one
 * query, not thirty round trips. A flush starts at the next `setImmediate`, with every call
 * queued by then, unless `maxInFlight` flushes are already running: then the calls wait for one
 * of them to finish and go together in the next (group commit), so batches grow with the load
 * instead of the number of statements. Each caller gets its own result, or the batch's error,
 * only once the flush has finished, so an ack that waits on it waits on the write.
 */
export class StatementBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;
  private running = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    options: StatementBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 100;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    while (this.queue.length > 0 && this.running < this.maxInFlight) {
      this.running++;
      void this.run(this.queue.splice(0, this.maxBatch)).finally(() => {
        this.running--;
        this.schedule();
      });
    }
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
