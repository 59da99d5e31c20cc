import { callApi, seedOrganization, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
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
});
