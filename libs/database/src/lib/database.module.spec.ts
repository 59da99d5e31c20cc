import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, type HeraldConfig } from '@herald/config';
import { createTestDatabase, dropTestDatabase, eventually, freePort, type TestDatabase } from '@herald/testing';
import { DatabaseModule } from './database.module';
import type { DatabaseModuleOptions } from './database-module.options';
import { pgliteLeaseCount } from './pglite/pglite-registry';
import { PrismaService } from './prisma/prisma.service';

jest.setTimeout(60_000);

function config(database: HeraldConfig['database']): HeraldConfig {
  return {
    app: { name: 'webhooks', port: 0, version: '0.0.0-test' },
    environment: 'test',
    log: { level: 'silent' },
    dataDir: tmpdir(),
    database,
    nats: { servers: [] },
    webhooks: {
      allowPrivateTargets: false,
      retryScheduleMs: [],
      timeoutMs: 1000,
      disableAfter: 10,
      endpointConcurrency: 10,
      circuitBreakerThreshold: 5,
      replayRatePerSecond: 10,
    },
    inbound: { rateLimitPerMinute: 600 },
    notifications: {
      publicUrl: 'http://127.0.0.1',
      retryScheduleMs: [],
      providerTimeoutMs: 1000,
      discordWebhookHosts: [],
      sendgrid: { from: 'test@herald.localhost' },
      twilio: { from: '+15005550006' },
    },
    auth: { adminToken: 'test-admin-token-0000' },
    secrets: { key: Buffer.alloc(32) },
  };
}

async function startApp(
  database: HeraldConfig['database'],
  options?: DatabaseModuleOptions,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config(database)), DatabaseModule.forRoot(options)],
  }).compile();
  moduleRef.useLogger(false);
  return moduleRef.init();
}

describe('DatabaseModule', () => {
  let pgliteDir: string;

  beforeEach(() => {
    pgliteDir = mkdtempSync(join(tmpdir(), 'herald-module-'));
  });

  afterEach(() => {
    rmSync(pgliteDir, { recursive: true, force: true });
  });

  it('migrates on start, answers ping, and lets go of PGlite on shutdown', async () => {
    const app = await startApp({ pgliteDir, migrateOnStart: true });
    const prisma = app.get(PrismaService);

    await expect(prisma.ping()).resolves.toBeUndefined();
    expect(await prisma.eventType.count()).toBe(22);
    expect(pgliteLeaseCount(pgliteDir)).toBe(1);

    await app.close();
    expect(pgliteLeaseCount(pgliteDir)).toBe(0);
  });

  it('shares one PGlite instance between apps in one process', async () => {
    const [first, second] = await Promise.all([
      startApp({ pgliteDir, migrateOnStart: true }),
      startApp({ pgliteDir, migrateOnStart: true }),
    ]);

    await first.get(PrismaService).organization.create({ data: { id: 'org_shared', name: 'Shared' } });
    expect(await second.get(PrismaService).organization.count()).toBe(1);
    expect(pgliteLeaseCount(pgliteDir)).toBe(2);

    await first.close();
    expect(await second.get(PrismaService).organization.count()).toBe(1);
    await second.close();
    expect(pgliteLeaseCount(pgliteDir)).toBe(0);
  });

  describe('on the harness database', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    afterAll(async () => {
      await dropTestDatabase(database);
    });

    /** The app on the harness database, which the harness has already migrated. */
    const startOnHarness = () =>
      startApp({
        url: database.kind === 'postgres' ? database.url : undefined,
        pgliteDir: database.kind === 'pglite' ? database.pgliteDir : pgliteDir,
        migrateOnStart: false,
      });

    it('connects without migrating when migrateOnStart is off', async () => {
      const app = await startOnHarness();

      await expect(app.get(PrismaService).ping()).resolves.toBeUndefined();
      expect(await app.get(PrismaService).eventType.count()).toBe(22);
      await app.close();
    });

    it("keeps using a table's index after the table has grown, though its prepared statement first ran while it was empty", async () => {
      const app = await startOnHarness();
      const prisma = app.get(PrismaService);
      await prisma.$executeRawUnsafe('CREATE TABLE "plan_probe" ("id" text PRIMARY KEY, "n" int NOT NULL)');
      const lookup = {
        name: 'test.plan_probe',
        text: 'SELECT p."n" FROM "plan_probe" p JOIN unnest($1::text[]) AS i("id") ON p."id" = i."id" ORDER BY p."n"',
      };
      const scans = async () => {
        const [row] = await prisma.$queryRawUnsafe<{ seq: number; idx: number }[]>(
          `SELECT "seq_scan"::int AS "seq", coalesce("idx_scan", 0)::int AS "idx"
           FROM "pg_stat_user_tables" WHERE "relname" = 'plan_probe'`,
        );
        return row;
      };

      // Batches as the hot paths make them: Postgres caches a generic plan for them after five runs.
      const batch = Array.from({ length: 50 }, (_, index) => `k${index + 1}`);
      for (let run = 0; run < 10; run++) await prisma.prepared(lookup, [batch]);
      await prisma.$executeRawUnsafe(`INSERT INTO "plan_probe" SELECT 'k' || g, g FROM generate_series(1, 20000) g`);
      const before = await eventually(
        async () => {
          const now = await scans();
          return now.seq + now.idx >= 10 ? now : undefined;
        },
        { description: 'the table statistics to count the scans so far' },
      );
      for (let run = 0; run < 10; run++) {
        expect(await prisma.prepared(lookup, [['k1', 'k2']])).toEqual([{ n: 1 }, { n: 2 }]);
      }

      const after = await eventually(
        async () => {
          const now = await scans();
          return now.seq + now.idx >= before.seq + before.idx + 10 ? now : undefined;
        },
        { description: 'the table statistics to count the lookups' },
      );
      expect(after.seq).toBe(before.seq);
      await prisma.$executeRawUnsafe('DROP TABLE "plan_probe"');
      await app.close();
    });

    it('keeps its Postgres sessions open while idle, so the next burst does not wait for new ones', async () => {
      const app = await startOnHarness();
      const prisma = app.get(PrismaService);
      const backend = { name: 'test.backend_pid', text: 'SELECT pg_backend_pid() AS "pid" FROM pg_sleep(0.05)' };
      const burst = async () => {
        const rows = await Promise.all(Array.from({ length: 4 }, () => prisma.prepared<{ pid: number }>(backend, [])));
        return new Set(rows.map(([row]) => row.pid));
      };
      if (database.kind === 'pglite') {
        // Embedded PGlite is one session, with no pool to close it.
        expect((await burst()).size).toBe(1);
        return app.close();
      }
      // Only setTimeout is faked: it is what the pool's idle timeout runs on; the sockets stay real.
      jest.useFakeTimers({
        now: Date.now(),
        doNotFake: [
          'nextTick',
          'setImmediate',
          'queueMicrotask',
          'setInterval',
          'clearInterval',
          'Date',
          'hrtime',
          'performance',
        ],
      });
      try {
        const first = await burst();
        expect(first.size).toBe(4);

        // Whatever the pool had scheduled for its idle sessions now comes due.
        jest.runOnlyPendingTimers();

        expect(await burst()).toEqual(first);
      } finally {
        jest.useRealTimers();
        await app.close();
      }
    });
  });

  it('fails start-up loudly, naming the database, when Postgres does not answer', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await freePort()}/herald`;

    const starting = startApp({ url, pgliteDir, migrateOnStart: false });

    await expect(starting).rejects.toThrow(
      /^Database unavailable \(Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/herald\): /,
    );
  });

  it('fails start-up when a migration cannot be applied, and lets go of the database', async () => {
    const migrationsDir = mkdtempSync(join(tmpdir(), 'herald-module-migrations-'));
    mkdirSync(join(migrationsDir, '20261122000000_broken'));
    writeFileSync(join(migrationsDir, '20261122000000_broken', 'migration.sql'), 'SELECT * FROM "nowhere";');

    const starting = startApp({ pgliteDir, migrateOnStart: true }, { migrationsDir });

    await expect(starting).rejects.toThrow(/^Migrations failed \(PGlite in .+\): A migration failed to apply/);
    expect(pgliteLeaseCount(pgliteDir)).toBe(0);
    rmSync(migrationsDir, { recursive: true, force: true });
  });
});
