import type { HealthIndicator } from './health-indicator';
import { HealthService } from './health.service';

const up = (name: string): HealthIndicator => ({ name, check: async () => undefined });
const down = (name: string, message: string): HealthIndicator => ({
  name,
  check: async () => {
    throw new Error(message);
  },
});

describe('HealthService', () => {
  it('is ok when every indicator answers', async () => {
    const report = await new HealthService([up('database'), up('nats')]).report();
    expect(report).toEqual({ status: 'ok', checks: { database: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('is unavailable, naming the failed dependency and why, when one does not', async () => {
    const report = await new HealthService([up('database'), down('nats', 'connection refused')]).report();
    expect(report).toEqual({
      status: 'unavailable',
      checks: { database: { status: 'up' }, nats: { status: 'down', error: 'connection refused' } },
    });
  });

  it('treats a check that hangs as down instead of hanging /health', async () => {
    const hanging: HealthIndicator = { name: 'database', check: () => new Promise(() => undefined) };
    jest.useFakeTimers();
    try {
      const pending = new HealthService([hanging]).report();
      await jest.advanceTimersByTimeAsync(2_000);
      expect(await pending).toEqual({
        status: 'unavailable',
        checks: { database: { status: 'down', error: 'no answer within 2000 ms' } },
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
