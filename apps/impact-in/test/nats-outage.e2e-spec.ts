import { callApi, seedOrganization, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { HERALD_STREAMS } from '@herald/events';
import { JetStreamConnection, provisionStream } from '@herald/jetstream';
import { eventually, NatsServerProcess } from '@herald/testing';
import { impactInApp } from '../src/impact-in.app';
import { InboundStream, postInbound, sign } from './support/inbound-test-kit';

const SECRET = 'whsec_outage_test_secret_123456';

describe('ingestion while NATS is down', () => {
  let nats: NatsServerProcess;
  let herald: TestApp;
  let db: PrismaClient;
  let orgId: string;
  let key: string;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    herald = await startTestApp(impactInApp, { NATS_URL: nats.url });
    db = testDatabaseClient();
    const org = await seedOrganization(herald.app, { manage: ['inbound:manage'] }, 'Outage');
    [orgId, key] = [org.orgId, org.keys['manage']];
    await callApi(herald.url, 'POST', '/v1/inbound-sources', {
      token: key,
      body: { name: 'stripe', scheme: 'stripe', secret: SECRET },
    });
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald?.close();
    await nats?.dispose();
  });

  const deliver = () => {
    const payload = JSON.stringify({ id: 'evt_during_outage', type: 'payment_intent.succeeded', data: {} });
    return postInbound(herald.url, `/v1/inbound/${orgId}/stripe`, payload, sign.stripe(payload, SECRET));
  };

  it('answers 503 (so the sender retries) and stores nothing; the retry after recovery is published once', async () => {
    await nats.stop();
    const refused = await deliver();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await db.inboundEvent.count({ where: { orgId } })).toBe(0);
    const listed = await callApi(herald.url, 'GET', '/v1/inbound-events', { token: key });
    expect(listed.body.events).toEqual([]);

    await nats.start();
    const accepted = await eventually(
      async () => {
        const answer = await deliver();
        expect(answer.status).toBe(202);
        return answer;
      },
      { timeoutMs: 30_000, description: 'the retried delivery to be accepted once NATS is back' },
    );
    expect(accepted.body.duplicate).toBe(false);
    expect(await db.inboundEvent.count({ where: { orgId } })).toBe(1);
    const stream = new InboundStream(herald);
    expect(await stream.count('inbound.stripe.payment_intent.succeeded')).toBe(1);
    expect((await deliver()).body).toEqual({ id: accepted.body.id, duplicate: true });
  });

  it('rolls the stored row back when the stream does not acknowledge the publish', async () => {
    const connection = herald.app.get(JetStreamConnection);
    const inbound = HERALD_STREAMS.find((spec) => spec.name === 'INBOUND');
    if (!inbound) throw new Error('no INBOUND stream spec');
    const manager = await connection.manager();
    await manager.streams.delete('INBOUND');
    const payload = JSON.stringify({ id: 'evt_no_stream', type: 'charge.refunded', data: {} });
    const post = () => postInbound(herald.url, `/v1/inbound/${orgId}/stripe`, payload, sign.stripe(payload, SECRET));
    try {
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(await db.inboundEvent.count({ where: { senderEventId: 'evt_no_stream' } })).toBe(0);
    } finally {
      await provisionStream(connection, inbound);
    }
    const accepted = await post();
    expect(accepted.status).toBe(202);
    expect(accepted.body.duplicate).toBe(false);
    expect(await new InboundStream(herald).count('inbound.stripe.charge.refunded')).toBe(1);
  });
});
