import {
  AppProcess,
  callApi,
  type ChildDatabase,
  childDatabase,
  ScriptedReceiver,
  testDatabaseClient,
} from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { EventPublisher } from '@herald/events';
import { JetStreamConnection, JetStreamPublisher } from '@herald/jetstream';
import { eventually } from '@herald/testing';

const APP_ENV = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '2000', LOG_LEVEL: 'warn' };

/**
 * The webhooks app in a child process, SIGKILLed mid-work and started again: what JetStream
 * redelivery and the unique (endpoint, event) key must make good.
 */
describe('webhooks app killed mid-work', () => {
  const receiver = new ScriptedReceiver();
  let receiverUrl: string;
  let database: ChildDatabase;
  let db: PrismaClient;
  let nats: JetStreamConnection;
  let events: EventPublisher;
  let running: AppProcess | undefined;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    database = await childDatabase();
    db = testDatabaseClient();
    nats = await JetStreamConnection.connect({ servers: process.env['NATS_URL'] as string });
    events = new EventPublisher(new JetStreamPublisher(nats));
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  afterAll(async () => {
    await nats.close();
    await db.$disconnect();
    await database.close();
    await receiver.stop();
  });

  async function startApp(): Promise<AppProcess> {
    running = await AppProcess.start('webhooks', database, APP_ENV);
    return running;
  }

  async function organizationWithEndpoints(app: AppProcess, paths: string[], type: string) {
    const admin = process.env['ADMIN_TOKEN'] as string;
    const org = await callApi(app.url, 'POST', '/v1/orgs', { token: admin, body: { name: `crash ${type}` } });
    const key = await callApi(app.url, 'POST', `/v1/orgs/${org.body.id}/api-keys`, {
      token: admin,
      body: { scopes: ['webhooks:manage'] },
    });
    const endpointIds: string[] = [];
    for (const path of paths) {
      const created = await callApi(app.url, 'POST', '/v1/webhooks', {
        token: key.body.key,
        body: { url: `${receiverUrl}${path}`, events: [type] },
      });
      expect(created.status).toBe(201);
      endpointIds.push(created.body.id);
    }
    return { orgId: org.body.id as string, endpointIds };
  }

  const consumerInfo = async (stream: string, durable: string) =>
    (await nats.manager()).consumers.info(stream, durable);

  it('a dispatcher killed after storing the deliveries, before its ack, still makes one delivery per endpoint', async () => {
    const first = await startApp();
    const { orgId, endpointIds } = await organizationWithEndpoints(first, ['/crash-a', '/crash-b'], 'lead_won');
    // Without its jobs stream the dispatcher stores the deliveries, then cannot publish the jobs: it
    // holds the event unacked, retrying, which is the window a crash must not turn into duplicates.
    await (await nats.manager()).streams.delete('WEBHOOK_DELIVERIES');
    const published = await events.publish({ orgId, type: 'lead_won', data: { lead: 7 } });
    await eventually(
      async () => (await db.webhookDelivery.count({ where: { eventId: published.envelope.id } })) === 2 || undefined,
      { timeoutMs: 15_000, description: 'the deliveries to be stored' },
    );
    await first.kill();
    expect((await consumerInfo('EVENTS', 'webhooks-dispatcher')).ack_floor.stream_seq).toBeLessThan(published.seq);
    expect(receiver.for('/crash-a')).toHaveLength(0);

    await startApp();
    const settled = await eventually(
      async () => {
        const deliveries = await db.webhookDelivery.findMany({ where: { eventId: published.envelope.id } });
        return deliveries.every((delivery) => delivery.status === 'success') ? deliveries : undefined;
      },
      { timeoutMs: 60_000, description: 'the redelivered event to be delivered' },
    );
    await eventually(
      async () =>
        (await consumerInfo('EVENTS', 'webhooks-dispatcher')).ack_floor.stream_seq >= published.seq || undefined,
      { timeoutMs: 10_000, description: 'the event to be acked' },
    );
    expect(settled.map((delivery) => delivery.endpointId).sort()).toEqual([...endpointIds].sort());
    expect(receiver.for('/crash-a')).toHaveLength(1);
    expect(receiver.for('/crash-b')).toHaveLength(1);
    expect(receiver.for('/crash-a')[0].headers['webhook-id']).toBe(
      settled.find((delivery) => delivery.endpointId === endpointIds[0])?.id,
    );
  });

  it('a deliverer killed mid-load: every event is still delivered, at least once', async () => {
    const first = await startApp();
    const { orgId, endpointIds } = await organizationWithEndpoints(first, ['/load'], 'meeting.booked');
    const total = 300;
    const publishedIds = new Set<string>();
    await Promise.all(
      Array.from({ length: total }, async (_, n) => {
        const published = await events.publish({ orgId, type: 'meeting.booked', data: { n } });
        publishedIds.add(published.envelope.id);
      }),
    );
    await eventually(() => receiver.for('/load').length >= 30 || undefined, {
      timeoutMs: 30_000,
      description: 'the load to be under way',
    });
    await first.kill();
    const receivedBeforeKill = receiver.for('/load').length;
    expect(receivedBeforeKill).toBeLessThan(total);

    await startApp();
    const receivedIds = () => new Set(receiver.for('/load').map((request) => JSON.parse(request.body).id as string));
    await eventually(() => receivedIds().size === total || undefined, {
      timeoutMs: 90_000,
      description: `all ${total} events to reach the receiver`,
    });
    expect(receivedIds()).toEqual(publishedIds);
    // A request the receiver got just before the kill was never recorded: it is sent again.
    const delivered = await eventually(
      async () => {
        const count = await db.webhookDelivery.count({ where: { endpointId: endpointIds[0], status: 'success' } });
        return count === total ? count : undefined;
      },
      { timeoutMs: 30_000, description: 'every delivery to be recorded as success' },
    );
    expect(delivered).toBe(total);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpointIds[0] } })).toBe(total);
  });
});
