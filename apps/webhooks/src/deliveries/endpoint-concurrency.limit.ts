import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/** An endpoint whose requests take longer than this on average is slow: nothing waits for its slots. */
const QUICK_REQUEST_MS = 100;
/** The longest an attempt waits for a quick endpoint's slot before it is put off instead. */
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
 * An endpoint that answers quickly frees a slot within milliseconds, so an attempt that finds its
 * slots taken waits for the next one (briefly, first come first served) rather than being put off
 * through the retry lane, which would cost far more than the wait. A slow endpoint's attempts are
 * never kept waiting: they are put off at once, and their handler slots go to other tenants.
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

  /** Quick endpoints only, and no more waiting than there are slots: beyond that the wait would be long. */
  private mayWait(state: EndpointState): boolean {
    return state.averageRequestMs < QUICK_REQUEST_MS && state.waiters.length < this.limit;
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

  /** A freed slot goes straight to the first waiter. An idle quick endpoint is forgotten; a slow one is remembered as slow. */
  private release(endpointId: string, state: EndpointState, heldMs: number): void {
    state.averageRequestMs += SMOOTHING * (heldMs - state.averageRequestMs);
    state.inFlight--;
    const next = state.waiters.shift();
    if (next) return next(this.take(endpointId, state));
    if (state.inFlight === 0 && state.averageRequestMs < QUICK_REQUEST_MS) this.endpoints.delete(endpointId);
  }
}
