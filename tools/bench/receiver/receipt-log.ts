import type { Receipt } from './receiver-protocol';

export type LaneTally = {
  /** Requests that verified, duplicates included. */
  verified: number;
  invalidSignatures: number;
  /** Distinct webhook-id values among verified requests (one per delivery). */
  distinctDeliveries: number;
  /** Verified requests beyond the first for their webhook-id (at-least-once redeliveries). */
  duplicates: number;
};

/**
 * Every receipt, grouped by lane: the first path segment of the endpoint URL (`/e2e`, `/fanout/17`,
 * `/ceiling` …). Keeps the first receipt time of each delivery and of each event.
 */
export class ReceiptLog {
  private readonly lanes = new Map<string, Lane>();
  private readonly waiters = new Set<() => void>();

  add(receipts: Receipt[]): void {
    for (const receipt of receipts) this.lane(laneOf(receipt.path)).add(receipt);
    for (const wake of this.waiters) wake();
  }

  tally(lane: string): LaneTally {
    return this.lane(lane).tally();
  }

  /** First receipt time of each event id in the lane. */
  firstReceiptByEvent(lane: string): ReadonlyMap<string, number> {
    return this.lane(lane).firstByEvent;
  }

  /** Distinct request paths that received a verified delivery in the lane. */
  distinctPaths(lane: string): number {
    return this.lane(lane).paths.size;
  }

  lastReceiptAt(lane: string): number {
    return this.lane(lane).lastAt;
  }

  /**
   * Resolves once `count(lane)` reaches `target`; rejects when nothing new arrives in the lane for
   * `stallMs` (the system under test stopped making progress).
   */
  async waitForDeliveries(lane: string, target: number, stallMs: number): Promise<void> {
    let seen = -1;
    let lastProgress = Date.now();
    for (;;) {
      const { distinctDeliveries } = this.tally(lane);
      if (distinctDeliveries >= target) return;
      if (distinctDeliveries !== seen) {
        seen = distinctDeliveries;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > stallMs) {
        throw new Error(`lane ${lane}: ${distinctDeliveries} of ${target} deliveries, nothing new for ${stallMs} ms`);
      }
      await this.nextChange(250);
    }
  }

  private nextChange(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, maxWaitMs);
      this.waiters.add(wake);
    });
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = new Lane();
      this.lanes.set(name, lane);
    }
    return lane;
  }
}

class Lane {
  readonly firstByEvent = new Map<string, number>();
  readonly paths = new Set<string>();
  private readonly deliveries = new Set<string>();
  private verified = 0;
  private invalid = 0;
  lastAt = 0;

  add(receipt: Receipt): void {
    if (!receipt.verified) {
      this.invalid += 1;
      return;
    }
    this.verified += 1;
    this.deliveries.add(receipt.webhookId);
    this.paths.add(receipt.path);
    if (!this.firstByEvent.has(receipt.eventId)) this.firstByEvent.set(receipt.eventId, receipt.at);
    this.lastAt = Math.max(this.lastAt, receipt.at);
  }

  tally(): LaneTally {
    return {
      verified: this.verified,
      invalidSignatures: this.invalid,
      distinctDeliveries: this.deliveries.size,
      duplicates: this.verified - this.deliveries.size,
    };
  }
}

function laneOf(path: string): string {
  return path.split('/')[1] ?? '';
}
