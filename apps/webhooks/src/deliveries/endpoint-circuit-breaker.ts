import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

const FIRST_COOL_DOWN_MS = 5_000;
const MAX_COOL_DOWN_MS = 300_000;

/** `probeUntil`: while a probe may still be out; a probe that never reported (a crash) stops counting then. */
type Circuit = { failures: number; coolDownMs: number; openUntil: number; probeUntil: number };

/**
 * Stops hammering an endpoint that keeps failing. After `threshold` failed attempts in a row its
 * circuit opens: deliveries wait (no attempt is spent) until the cool-down ends, then one probe
 * goes out. A successful probe closes the circuit; a failed one reopens it for twice as long,
 * up to five minutes. Per replica: each learns within `threshold` attempts.
 */
@Injectable()
export class EndpointCircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly threshold: number;
  private readonly probeTimeoutMs: number;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.threshold = config.webhooks.circuitBreakerThreshold;
    this.probeTimeoutMs = config.webhooks.timeoutMs + 5_000;
  }

  /** When the endpoint's deliveries may be tried again, or undefined when one may go now (then it is the probe). */
  blockedUntil(endpointId: string, now = Date.now()): number | undefined {
    const circuit = this.circuits.get(endpointId);
    if (!circuit || circuit.failures < this.threshold) return undefined;
    if (now < circuit.openUntil) return circuit.openUntil;
    if (now < circuit.probeUntil) return circuit.probeUntil;
    circuit.probeUntil = now + this.probeTimeoutMs;
    return undefined;
  }

  succeeded(endpointId: string): void {
    this.circuits.delete(endpointId);
  }

  failed(endpointId: string, now = Date.now()): void {
    const circuit = this.circuits.get(endpointId) ?? { failures: 0, coolDownMs: 0, openUntil: 0, probeUntil: 0 };
    circuit.failures += 1;
    if (circuit.failures >= this.threshold) {
      circuit.coolDownMs = circuit.coolDownMs ? Math.min(circuit.coolDownMs * 2, MAX_COOL_DOWN_MS) : FIRST_COOL_DOWN_MS;
      circuit.openUntil = now + circuit.coolDownMs;
      circuit.probeUntil = 0;
    }
    this.circuits.set(endpointId, circuit);
  }
}
