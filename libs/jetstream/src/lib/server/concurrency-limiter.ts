/** Counts handlers in flight and lets a caller wait for a free slot or for all to finish. */
export class ConcurrencyLimiter {
  private active = 0;
  private slotWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  get available(): number {
    return Math.max(this.limit - this.active, 0);
  }

  /** Resolves once `count` slots (at most the limit) are free, without taking them. */
  async waitForSlots(count: number): Promise<void> {
    const wanted = Math.min(Math.max(count, 1), this.limit);
    while (this.available < wanted) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
  }

  async acquire(): Promise<void> {
    // Check and take in the same tick, so two waiters woken together cannot both take the slot.
    while (this.available === 0) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    this.active++;
  }

  release(): void {
    this.active = Math.max(this.active - 1, 0);
    this.wake(this.slotWaiters.splice(0));
    if (this.active === 0) this.wake(this.idleWaiters.splice(0));
  }

  /** Resolves when nothing is in flight. */
  async idle(): Promise<void> {
    if (this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private wake(waiters: Array<() => void>): void {
    for (const resolve of waiters) resolve();
  }
}
