import { Inject, Injectable } from '@nestjs/common';
import { HEALTH_INDICATORS, type HealthIndicator } from './health-indicator';

export type HealthReport = {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
};

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[]) {}

  async report(): Promise<HealthReport> {
    const results = await Promise.all(this.indicators.map((indicator) => this.run(indicator)));
    const checks = Object.fromEntries(results);
    const healthy = results.every(([, result]) => result.status === 'up');
    return { status: healthy ? 'ok' : 'unavailable', checks };
  }

  private async run(indicator: HealthIndicator): Promise<[string, HealthReport['checks'][string]]> {
    try {
      await withTimeout(indicator.check(), CHECK_TIMEOUT_MS);
      return [indicator.name, { status: 'up' }];
    } catch (error) {
      return [indicator.name, { status: 'down', error: error instanceof Error ? error.message : String(error) }];
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
