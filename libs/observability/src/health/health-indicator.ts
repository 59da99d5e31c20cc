/** Something /health depends on. `check` resolves when it is reachable and rejects when not. */
export type HealthIndicator = {
  readonly name: string;
  check(): Promise<void>;
};

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
