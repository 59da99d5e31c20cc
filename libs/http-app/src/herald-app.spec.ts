import { Controller, type DynamicModule, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HeraldConfig, loadConfig } from '@herald/config';
import { createPrismaClient, type PrismaClient } from '@herald/database';
import { EventPublisher } from '@herald/events';
import { type JetStreamContext, JetStreamPublisher, reject } from '@herald/jetstream';
import {
  createTestDatabase,
  databaseEnvironment,
  dropTestDatabase,
  eventually,
  NatsServerProcess,
  type TestDatabase,
} from '@herald/testing';
import { createHeraldApp, type HeraldAppDefinition } from './herald-app';
import { HeraldCoreModule } from './herald-core.module';

const handled: string[] = [];

@Controller()
class ProbeHandlers {
  @EventPattern('events.>')
  handle(@Payload() event: { id: string; type: string }, @Ctx() context: JetStreamContext) {
    if (event.type === 'poison.pill') return reject(`cannot handle ${context.subject}`);
    handled.push(event.id);
    return undefined;
  }
}

@Module({ controllers: [ProbeHandlers] })
class ProbeModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return { module: ProbeModule, imports: [HeraldCoreModule.forRoot(config)] };
  }
}

const probeApp: HeraldAppDefinition = {
  name: 'webhooks',
  openApi: { title: 'probe', description: 'probe' },
  rootModule: (config) => ProbeModule.forRoot(config),
  consumers: () => [
    {
      stream: 'EVENTS',
      durable: 'probe',
      filterSubject: 'events.>',
      maxDeliver: 3,
      retryDelaysMs: [100],
    },
  ],
};

describe('createHeraldApp with consumers', () => {
  let nats: NatsServerProcess;
  let database: TestDatabase;
  let dataDir: string;
  let db: PrismaClient;

  beforeAll(async () => {
    [nats, database] = await Promise.all([NatsServerProcess.start(), createTestDatabase()]);
    dataDir = mkdtempSync(join(tmpdir(), 'herald-app-'));
    db = createPrismaClient(database.kind === 'postgres' ? { url: database.url } : { pgliteDir: database.pgliteDir });
  });

  afterAll(async () => {
    await db.$disconnect();
    await Promise.all([nats.dispose(), dropTestDatabase(database)]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hands events to the handlers and records a rejected one in rejected_messages', async () => {
    const config = loadConfig('webhooks', {
      NATS_URL: nats.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DATABASE_MIGRATE_ON_START: 'false',
      SECRETS_KEY: randomBytes(32).toString('base64'),
      ...databaseEnvironment(database),
    });
    const app = await createHeraldApp(probeApp, config);
    await app.startAllMicroservices();
    await app.init();
    try {
      const events = new EventPublisher(app.get(JetStreamPublisher));
      const good = await events.publish({
        orgId: 'org_1',
        type: 'invoice.paid',
        data: { amount: 1 },
      });
      const poison = await events.publish({
        orgId: 'org_1',
        type: 'poison.pill',
        data: {},
      });

      await eventually(() => (handled.includes(good.envelope.id) ? true : undefined), {
        description: 'good event handled',
      });
      const rejected = await eventually(
        () => db.rejectedMessage.findFirst({ where: { sequence: BigInt(poison.seq) } }).then((row) => row ?? undefined),
        {
          description: 'poison message recorded',
        },
      );
      expect(rejected).toMatchObject({
        stream: 'EVENTS',
        consumer: 'probe',
        subject: 'events.org_1.poison.pill',
        reason: 'cannot handle events.org_1.poison.pill',
      });
      expect(JSON.parse(Buffer.from(rejected.payload).toString('utf8'))).toMatchObject({ id: poison.envelope.id });
    } finally {
      await app.close();
    }
  });
});
