import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-config-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives each app its default port and honours the app-specific override over PORT', () => {
    expect(loadConfig('notifications', { DATA_DIR: dataDir }).app.port).toBe(3009);
    expect(loadConfig('webhooks', { DATA_DIR: dataDir, PORT: '4000' }).app.port).toBe(4000);
    expect(loadConfig('impact-in', { DATA_DIR: dataDir, PORT: '4000', IMPACT_IN_PORT: '4001' }).app.port).toBe(4001);
  });

  it('uses embedded PGlite in the data directory when DATABASE_URL is not set', () => {
    const config = loadConfig('webhooks', { DATA_DIR: dataDir });
    expect(config.database).toEqual({ url: undefined, pgliteDir: join(dataDir, 'pglite'), migrateOnStart: true });
  });

  it('names every bad variable', () => {
    const load = () =>
      loadConfig('webhooks', {
        DATA_DIR: dataDir,
        WEBHOOKS_PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SECRETS_KEY: 'c2hvcnQ=',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /DATABASE_URL: must be a postgres.*\n.*SECRETS_KEY: must be 32 bytes.*\n.*WEBHOOKS_PORT: must be a port number/s,
    );
  });

  it('reads the webhook retry schedule as durations', () => {
    const config = loadConfig('webhooks', { DATA_DIR: dataDir, WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s' });
    expect(config.webhooks.retryScheduleMs).toEqual([1000, 2000, 4000]);
    expect(loadConfig('webhooks', { DATA_DIR: dataDir }).webhooks.retryScheduleMs).toEqual([
      30_000, 300_000, 1_800_000, 7_200_000,
    ]);
    expect(() => loadConfig('webhooks', { DATA_DIR: dataDir, WEBHOOK_RETRY_SCHEDULE: '1s,soon' })).toThrow(
      /WEBHOOK_RETRY_SCHEDULE: must be durations/,
    );
  });

  it('reads the inbound public URL (without a trailing slash) and rate limit', () => {
    const config = loadConfig('impact-in', {
      DATA_DIR: dataDir,
      IMPACT_IN_PUBLIC_URL: 'https://hooks.example.com/',
      INBOUND_RATE_LIMIT_PER_MINUTE: '120',
    });
    expect(config.inbound).toEqual({ publicUrl: 'https://hooks.example.com', rateLimitPerMinute: 120 });
    expect(loadConfig('impact-in', { DATA_DIR: dataDir }).inbound).toEqual({
      publicUrl: undefined,
      rateLimitPerMinute: 600,
    });
    expect(() => loadConfig('impact-in', { DATA_DIR: dataDir, IMPACT_IN_PUBLIC_URL: 'ftp://x' })).toThrow(
      /IMPACT_IN_PUBLIC_URL: must be an http\(s\) URL/,
    );
  });

  it('requires ADMIN_TOKEN and SECRETS_KEY in production', () => {
    expect(() => loadConfig('webhooks', { DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(
      /ADMIN_TOKEN: required when NODE_ENV=production\n.*SECRETS_KEY: required/,
    );
  });

  it('generates development secrets once and keeps them in the data directory', () => {
    const first = loadConfig('webhooks', { DATA_DIR: dataDir });
    const second = loadConfig('notifications', { DATA_DIR: dataDir });
    expect(first.auth.adminToken).toBe(readFileSync(join(dataDir, 'admin-token'), 'utf8'));
    expect(second.auth.adminToken).toBe(first.auth.adminToken);
    expect(first.secrets.key).toHaveLength(32);
    expect(second.secrets.key.equals(first.secrets.key)).toBe(true);
  });

  it('takes secrets from the environment when given', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig('webhooks', { DATA_DIR: dataDir, ADMIN_TOKEN: 'a'.repeat(20), SECRETS_KEY: key });
    expect(config.auth.adminToken).toBe('a'.repeat(20));
    expect(config.secrets.key.toString('base64')).toBe(key);
  });
});
