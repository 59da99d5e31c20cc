/**
 * Who owns PGlite's single session. A client keeps it from its first message of a unit of work
 * until the session is idle again (ReadyForQuery outside a transaction), so other clients never
 * see its unnamed statements, portals or open transaction. Waiters are served in arrival order.
 */
export class SessionLock {
  private owner: number | undefined;
  private readonly waiters: Array<{ id: number; grant: () => void; cancel: (error: Error) => void }> = [];

  get holder(): number | undefined {
    return this.owner;
  }

  acquire(id: number): Promise<void> {
    if (this.owner === undefined || this.owner === id) {
      this.owner = id;
      return Promise.resolve();
    }
    return new Promise((grant, cancel) => this.waiters.push({ id, grant, cancel }));
  }

  release(id: number): void {
    if (this.owner !== id) return;
    const next = this.waiters.shift();
    this.owner = next?.id;
    next?.grant();
  }

  /** Drops a departed client's place in the queue; its pending acquire rejects. */
  forget(id: number): void {
    const index = this.waiters.findIndex((waiter) => waiter.id === id);
    if (index < 0) return;
    const [waiter] = this.waiters.splice(index, 1);
    waiter.cancel(new Error('client disconnected while waiting for the session'));
  }
}
