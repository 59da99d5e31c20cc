import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/** The longest an attempt waits for an endpoint's slot before it is put off instead. */
const MAX_WAIT_MS = 250;
/** Weight of the latest request in the average: about the last ten count. */
const SMOOTHING = 0.2;

/** A request slot of one endpoint; `release` gives it back (once). */
export type EndpointSlot = { release(): void };

type EndpointState = {
  inFlight: number;
  /** Moving average of how long a request holds its slot. */
  averageRequestMs: number;
  waiters: Array<(slot: EndpointSlot) => void>;
};

/**
 * At most `endpointConcurrency` requests to one endpoint at once in this replica, so a slow
 * receiver cannot take every handler slot of the consumer that other tenants share.
 *
 * An attempt that finds the slots taken waits for the next one, first come first served, when its
 * expected wait (its place in the queue times the endpoint's average request, over the slots) is
 * under 250 ms; it is put off if no slot came by then. A quick endpoint's attempts thus wait a few
 * milliseconds instead of going round the retry lane, which costs several times a delivery and,
 * under overload, would feed the overload. A slow endpoint's attempts are put off at once, and
 * their handler slots go to other tenants.
 */
@Injectable()
export class EndpointConcurrencyLimit {
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly limit: number;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.limit = config.webhooks.endpointConcurrency;
  }

  /** Whether an attempt could get a slot now or soon; cheap, to decide before any other work. */
  hasRoom(endpointId: string): boolean {
    const state = this.endpoints.get(endpointId);
    return !state || state.inFlight < this.limit || this.mayWait(state);
  }

  /** A slot of the endpoint, now or after a short wait; undefined when the attempt should be put off. */
  acquire(endpointId: string): Promise<EndpointSlot | undefined> {
    const state = this.stateOf(endpointId);
    if (state.inFlight < this.limit) return Promise.resolve(this.take(endpointId, state));
    if (!this.mayWait(state)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = (slot: EndpointSlot) => {
        clearTimeout(timer);
        resolve(slot);
      };
      const timer = setTimeout(() => {
        state.waiters.splice(state.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, MAX_WAIT_MS);
      state.waiters.push(waiter);
    });
  }

  private mayWait(state: EndpointState): boolean {
    return this.expectedWaitMs(state) < MAX_WAIT_MS;
  }

  /** How long one more waiter would wait, if requests keep taking what they took lately. */
  private expectedWaitMs(state: EndpointState): number {
    return ((state.waiters.length + 1) * state.averageRequestMs) / this.limit;
  }

  private stateOf(endpointId: string): EndpointState {
    let state = this.endpoints.get(endpointId);
    if (!state) {
      state = { inFlight: 0, averageRequestMs: 0, waiters: [] };
      this.endpoints.set(endpointId, state);
    }
    return state;
  }

  private take(endpointId: string, state: EndpointState): EndpointSlot {
    state.inFlight++;
    const takenAt = performance.now();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.release(endpointId, state, performance.now() - takenAt);
      },
    };
  }

  /** A freed slot goes straight to the first waiter. An idle endpoint is forgotten, unless it is slow. */
  private release(endpointId: string, state: EndpointState, heldMs: number): void {
    state.averageRequestMs += SMOOTHING * (heldMs - state.averageRequestMs);
    state.inFlight--;
    const next = state.waiters.shift();
    if (next) return next(this.take(endpointId, state));
    if (state.inFlight === 0 && this.mayWait(state)) this.endpoints.delete(endpointId);
  }
}
