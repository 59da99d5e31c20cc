import {
  callApi,
  ScriptedReceiver,
  seedOrganization,
  startTestApp,
  type TestApp,
  testDatabaseClient,
} from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { EventPublisher } from '@herald/events';
import { JetStreamConnection } from '@herald/jetstream';
import { eventually } from '@herald/testing';
import { EventDispatcher } from '../src/dispatch/event-dispatcher.service';
import { webhooksApp } from '../src/webhooks.app';

describe('dispatcher: events fan out to subscribed endpoints', () => {
  let herald: TestApp;
  let db: PrismaClient;
  let events: EventPublisher;
  const endpoints: Record<string, string> = {};
  let orgA: string;
  let orgB: string;
  const receiver = new ScriptedReceiver();

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    herald = await startTestApp(webhooksApp, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    db = testDatabaseClient();
    events = herald.app.get(EventPublisher);
    const a = await seedOrganization(herald.app, { manage: ['webhooks:manage'] }, 'A');
    const b = await seedOrganization(herald.app, { manage: ['webhooks:manage'] }, 'B');
    [orgA, orgB] = [a.orgId, b.orgId];
    const register = async (name: string, key: string, body: object) => {
      endpoints[name] = (await callApi(herald.url, 'POST', '/v1/webhooks', { token: key, body })).body.id;
    };
    await register('paidOnly', a.keys['manage'], { url: `${receiverUrl}/paid-only`, events: ['invoice.paid'] });
    await register('paidAndProjects', a.keys['manage'], {
      url: `${receiverUrl}/paid-and-projects`,
      events: ['invoice.paid', 'project.created'],
    });
    await register('inactive', a.keys['manage'], {
      url: `${receiverUrl}/inactive`,
      events: ['invoice.paid'],
      active: false,
    });
    await register('otherOrg', b.keys['manage'], { url: `${receiverUrl}/other-org`, events: ['invoice.paid'] });
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
    await receiver.stop();
  });

  const receivedIds = (path: string) =>
    receiver.for(path).map((request) => (JSON.parse(request.body) as { id: string }).id);

  const deliveriesOf = (eventId: string) =>
    db.webhookDelivery.findMany({ where: { eventId }, orderBy: { endpointId: 'asc' } });

  it("creates one delivery per subscribed, active endpoint of the event's organization, and each receives it", async () => {
    const paid = await events.publish({ orgId: orgA, type: 'invoice.paid', data: { amount: 42 } });
    const deliveries = await eventually(
      async () => {
        const rows = await deliveriesOf(paid.envelope.id);
        return rows.length === 2 ? rows : undefined;
      },
      { description: 'two deliveries' },
    );
    expect(deliveries.map((delivery) => delivery.endpointId).sort()).toEqual(
      [endpoints['paidOnly'], endpoints['paidAndProjects']].sort(),
    );
    expect(deliveries.every((delivery) => delivery.eventType === 'invoice.paid')).toBe(true);
    await eventually(
      () =>
        receivedIds('/paid-only').includes(paid.envelope.id) &&
        receivedIds('/paid-and-projects').includes(paid.envelope.id)
          ? true
          : undefined,
      { description: 'both endpoints to receive the event' },
    );
    expect(receivedIds('/inactive')).not.toContain(paid.envelope.id);
    expect(receivedIds('/other-org')).not.toContain(paid.envelope.id);

    const stored = await db.webhookEvent.findUniqueOrThrow({
      where: { orgId_id: { orgId: orgA, id: paid.envelope.id } },
    });
    expect(stored.payload).toEqual({
      id: paid.envelope.id,
      type: 'invoice.paid',
      created_at: paid.envelope.created_at,
      data: { amount: 42 },
    });
  });

  it('delivers only the types an endpoint subscribed to, only for its organization', async () => {
    const created = await events.publish({ orgId: orgA, type: 'project.created', data: {} });
    const other = await events.publish({ orgId: orgB, type: 'invoice.paid', data: {} });
    await eventually(async () => ((await deliveriesOf(other.envelope.id)).length === 1 ? true : undefined), {
      description: "org B's delivery",
    });
    const forProject = await eventually(async () => {
      const rows = await deliveriesOf(created.envelope.id);
      return rows.length === 1 ? rows : undefined;
    });
    expect(forProject[0].endpointId).toBe(endpoints['paidAndProjects']);
    expect((await deliveriesOf(other.envelope.id))[0].endpointId).toBe(endpoints['otherOrg']);
    await eventually(() => (receivedIds('/other-org').includes(other.envelope.id) ? true : undefined));
    await eventually(() => (receivedIds('/paid-and-projects').includes(created.envelope.id) ? true : undefined));
    expect(receivedIds('/paid-only')).not.toContain(created.envelope.id);
    expect(receivedIds('/other-org')).not.toContain(created.envelope.id);
  });

  it('never creates a second delivery for the same event, re-published or re-dispatched', async () => {
    const first = await events.publish({ orgId: orgA, type: 'invoice.paid', data: { n: 1 }, id: 'evt_republished' });
    const again = await events.publish({ orgId: orgA, type: 'invoice.paid', data: { n: 1 }, id: 'evt_republished' });
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
    await eventually(async () => {
      const rows = await deliveriesOf('evt_republished');
      return rows.length === 2 && rows.every((row) => row.status === 'success') ? true : undefined;
    });

    // What a redelivery after a crash between "deliveries stored" and "ack" amounts to.
    await herald.app.get(EventDispatcher).dispatch(first.envelope);
    await herald.app.get(EventDispatcher).dispatch(first.envelope);

    expect(await deliveriesOf('evt_republished')).toHaveLength(2);
    expect(receivedIds('/paid-only').filter((id) => id === 'evt_republished')).toHaveLength(1);
    expect(receivedIds('/paid-and-projects').filter((id) => id === 'evt_republished')).toHaveLength(1);
  });

  it('records an unknown event type and an invalid envelope as rejected, and delivers nothing', async () => {
    const unknown = await events.publish({ orgId: orgA, type: 'invoice.exploded', data: {} });
    const connection = herald.app.get(JetStreamConnection);
    const invalid = await connection.jetstream.publish(`events.${orgA}.invoice.paid`, Buffer.from('{"id":'), {
      msgID: 'bad-envelope',
    });

    const rejectedUnknown = await eventually(() =>
      db.rejectedMessage
        .findFirst({ where: { stream: 'EVENTS', sequence: BigInt(unknown.seq) } })
        .then((row) => row ?? undefined),
    );
    expect(rejectedUnknown.reason).toContain('unknown event type "invoice.exploded"');
    const rejectedInvalid = await eventually(() =>
      db.rejectedMessage
        .findFirst({ where: { stream: 'EVENTS', sequence: BigInt(invalid.seq) } })
        .then((row) => row ?? undefined),
    );
    expect(rejectedInvalid.reason).toMatch(/JSON/);
    expect(await deliveriesOf(unknown.envelope.id)).toHaveLength(0);
  });
});
