import { acquirePglite } from '@herald/database';
import type { HeraldAppDefinition } from '@herald/http-app';
import {
  createTestDatabase,
  databaseEnvironment,
  dropTestDatabase,
  eventually,
  NatsServerProcess,
  type TestDatabase,
} from '@herald/testing';
import { startTestApp, type TestApp } from './test-app';

type HealthAnswer = { status: number; body: { status: string; checks: Record<string, { status: string }> } };

async function healthStatus(app: TestApp): Promise<HealthAnswer> {
  const response = await fetch(`${app.url}/health`);
  return { status: response.status, body: (await response.json()) as HealthAnswer['body'] };
}

/**
 * Takes the database away from under a running app: a Postgres database is dropped (its
 * connections with it); an embedded PGlite, shared in-process, is closed.
 */
async function takeDatabaseAway(database: TestDatabase): Promise<void> {
  if (database.kind === 'postgres') return dropTestDatabase(database);
  const lease = await acquirePglite(database.pgliteDir);
  await lease.db.close();
}

/**
 * What every app serves for operators: /health that tells the truth about NATS and the database,
 * /metrics in Prometheus format and /docs generated from the code. Run by each app's e2e suite.
 */
export function describeOperationsEndpoints(definition: HeraldAppDefinition): void {
  describe(`${definition.name}: operations endpoints`, () => {
    let nats: NatsServerProcess;
    let database: TestDatabase;
    let herald: TestApp;

    beforeAll(async () => {
      [nats, database] = await Promise.all([NatsServerProcess.start(), createTestDatabase()]);
      herald = await startTestApp(definition, { NATS_URL: nats.url, ...databaseEnvironment(database) });
    });

    afterAll(async () => {
      await herald?.close();
      await Promise.all([nats?.dispose(), database && dropTestDatabase(database)]);
    });

    it('reports healthy when the database and NATS answer', async () => {
      expect(await healthStatus(herald)).toEqual({
        status: 200,
        body: { status: 'ok', checks: { database: { status: 'up' }, nats: { status: 'up' } } },
      });
    });

    it('answers 503 while NATS is down, and recovers when it is back', async () => {
      await nats.stop();
      const down = await eventually(
        async () => {
          const health = await healthStatus(herald);
          expect(health.status).toBe(503);
          return health;
        },
        { description: '/health to answer 503' },
      );
      expect(down.body.checks['nats'].status).toBe('down');
      expect(down.body.checks['database'].status).toBe('up');

      await nats.start();
      await eventually(
        async () => {
          const health = await healthStatus(herald);
          expect(health.status).toBe(200);
          return health;
        },
        {
          timeoutMs: 20_000,
          description: '/health to recover after NATS restarts',
        },
      );
    });

    it('serves Prometheus metrics, including its HTTP requests', async () => {
      await fetch(`${herald.url}/health`);
      const response = await fetch(`${herald.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain(`process_cpu_seconds_total{app="${definition.name}"}`);
      expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health",status="200"\} [1-9]/);
    });

    it('serves the OpenAPI reference at /docs', async () => {
      const html = await fetch(`${herald.url}/docs`);
      expect(html.status).toBe(200);
      const document = (await (await fetch(`${herald.url}/docs/json`)).json()) as {
        openapi: string;
        info: { title: string };
        paths: Record<string, unknown>;
      };
      expect(document.openapi).toMatch(/^3\./);
      expect(document.info.title).toBe(definition.openApi.title);
      expect(document.paths['/health']).toBeDefined();
    });

    it('answers 503 when the database is gone', async () => {
      await takeDatabaseAway(database);
      await eventually(
        async () => {
          const health = await healthStatus(herald);
          expect(health.status).toBe(503);
          expect(health.body.checks['database'].status).toBe('down');
          return health;
        },
        { description: '/health to answer 503 without a database' },
      );
    });
  });
}
