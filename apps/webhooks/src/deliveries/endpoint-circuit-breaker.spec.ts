import type { HeraldConfig } from '@herald/config';
import { EndpointCircuitBreaker } from './endpoint-circuit-breaker';

const config = { webhooks: { circuitBreakerThreshold: 3, timeoutMs: 1000 } } as HeraldConfig;

describe('EndpointCircuitBreaker', () => {
  const t0 = 1_000_000;

  function failTimes(breaker: EndpointCircuitBreaker, times: number, now = t0): void {
    for (let i = 0; i < times; i++) breaker.failed('ep_a', now);
  }

  it('lets attempts through until the threshold of failures in a row', () => {
    const breaker = new EndpointCircuitBreaker(config);
    failTimes(breaker, 2);
    expect(breaker.blockedUntil('ep_a', t0)).toBeUndefined();
    breaker.failed('ep_a', t0);
    expect(breaker.blockedUntil('ep_a', t0)).toBe(t0 + 5_000);
    expect(breaker.blockedUntil('ep_b', t0)).toBeUndefined();
  });

  it('a success in between starts the count again', () => {
    const breaker = new EndpointCircuitBreaker(config);
    failTimes(breaker, 2);
    breaker.succeeded('ep_a');
    failTimes(breaker, 2);
    expect(breaker.blockedUntil('ep_a', t0)).toBeUndefined();
  });

  it('after the cool-down lets one probe out and holds the rest until it reports', () => {
    const breaker = new EndpointCircuitBreaker(config);
    failTimes(breaker, 3);
    const later = t0 + 5_000;
    expect(breaker.blockedUntil('ep_a', later)).toBeUndefined();
    expect(breaker.blockedUntil('ep_a', later)).toBe(later + 6_000);
    breaker.succeeded('ep_a');
    expect(breaker.blockedUntil('ep_a', later)).toBeUndefined();
    expect(breaker.blockedUntil('ep_a', later)).toBeUndefined();
  });

  it('a failed probe reopens the circuit for twice as long, up to five minutes', () => {
    const breaker = new EndpointCircuitBreaker(config);
    failTimes(breaker, 3);
    let now = t0;
    const coolDowns: number[] = [];
    for (let round = 0; round < 8; round++) {
      const until = breaker.blockedUntil('ep_a', now) as number;
      coolDowns.push(until - now);
      now = until;
      expect(breaker.blockedUntil('ep_a', now)).toBeUndefined();
      breaker.failed('ep_a', now);
    }
    expect(coolDowns).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('a probe that never reports stops holding the others back after the attempt timeout', () => {
    const breaker = new EndpointCircuitBreaker(config);
    failTimes(breaker, 3);
    const later = t0 + 5_000;
    expect(breaker.blockedUntil('ep_a', later)).toBeUndefined();
    expect(breaker.blockedUntil('ep_a', later + 6_000)).toBeUndefined();
  });
});
