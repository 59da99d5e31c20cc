import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
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
import { eventually } from '@herald/testing';
import { EndpointDirectory } from '../src/endpoints/endpoint-directory';
import { webhooksApp } from '../src/webhooks.app';

describe('deliverer: signed delivery, retries, dead letter', () => {
  const receiver = new ScriptedReceiver();
  let receiverUrl: string;
  let herald: TestApp;
  let db: PrismaClient;
  let events: EventPublisher;
  let orgId: string;
  let manageKey: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    herald = await startTestApp(webhooksApp, {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '300ms,600ms',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_DISABLE_AFTER: '3',
      WEBHOOK_REPLAY_RATE: '5',
      // This suite follows the retry schedule attempt by attempt; the breaker has its own tests.
      WEBHOOK_CIRCUIT_BREAKER_THRESHOLD: '1000',
    });
    db = testDatabaseClient();
    events = herald.app.get(EventPublisher);
    const org = await seedOrganization(herald.app, { manage: ['webhooks:manage'] }, 'Receiver Inc.');
    [orgId, manageKey] = [org.orgId, org.keys['manage']];
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
    await receiver.stop();
  });

  async function endpoint(path: string, type: string): Promise<{ id: string; secret: string }> {
    const created = await callApi(herald.url, 'POST', '/v1/webhooks', {
      token: manageKey,
      body: { url: `${receiverUrl}${path}`, events: [type] },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  const settled = (endpointId: string) =>
    eventually(
      async () => {
        const delivery = await db.webhookDelivery.findFirst({ where: { endpointId }, include: { attemptLog: true } });
        return delivery && delivery.status !== 'pending' ? delivery : undefined;
      },
      { timeoutMs: 15_000, description: `the delivery to ${endpointId} to settle` },
    );

  it('delivers a signed request that standardwebhooks and the sha256= scheme both verify', async () => {
    const { id, secret } = await endpoint('/ok', 'invoice.paid');
    const published = await events.publish({ orgId, type: 'invoice.paid', data: { amount: 42 } });

    const delivery = await settled(id);
    expect(delivery).toMatchObject({ status: 'success', attempts: 1, statusCode: 200 });
    const [request] = receiver.for('/ok');
    expect(JSON.parse(request.body)).toEqual({
      id: published.envelope.id,
      type: 'invoice.paid',
      created_at: published.envelope.created_at,
      data: { amount: 42 },
    });
    expect(request.headers['webhook-id']).toBe(delivery.id);
    expect(request.headers['x-webhook-attempt']).toBe('1');
    expect(request.headers['user-agent']).toMatch(/^Herald\//);
    expect(() => new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
    const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
    expect(request.headers['x-webhook-signature']).toBe(expected);
    expect(delivery.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 200, responseExcerpt: 'answer 200' });
  });

  it('signs with both secrets during a rotation overlap, and with the new one alone once it expires', async () => {
    const { id, secret: oldSecret } = await endpoint('/rotating', 'user.created');
    const rotated = await callApi(herald.url, 'POST', `/v1/webhooks/${id}/rotate-secret`, { token: manageKey });
    const newSecret = rotated.body.secret as string;
    const verifies = (secret: string, request: { body: string; headers: Record<string, unknown> }) => {
      try {
        new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    };

    await events.publish({ orgId, type: 'user.created', data: { during: 'overlap' } });
    await settled(id);
    const [during] = receiver.for('/rotating');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect([verifies(newSecret, during), verifies(oldSecret, during)]).toEqual([true, true]);
    expect(during.headers['x-webhook-signature']).toBe(
      `sha256=${createHmac('sha256', newSecret).update(during.body).digest('hex')}`,
    );

    // 24 hours later: the overlap has ended. Written behind the API's back, so the cached endpoint
    // is dropped by hand; a real expiry needs no such step, as the cached expiry time passes too.
    await db.webhookEndpoint.update({ where: { id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    herald.app.get(EndpointDirectory).changed(orgId);
    await events.publish({ orgId, type: 'user.created', data: { during: 'after' } });
    await eventually(() => (receiver.for('/rotating').length === 2 ? true : undefined), {
      description: 'the delivery after the overlap',
    });
    const after = receiver.for('/rotating')[1];
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect([verifies(newSecret, after), verifies(oldSecret, after)]).toEqual([true, false]);
  });

  it('retries a failing receiver with the same webhook-id and the same body bytes until it succeeds at attempt 3', async () => {
    receiver.script('/flaky', [{ status: 500 }, { status: 503 }, { status: 200 }]);
    const { id } = await endpoint('/flaky', 'project.created');
    // Keys in an order Postgres's JSONB would not keep.
    const data = { zeta: 1, alpha: { longer_key: true, b: 2 }, mid: [3, { y: 1, x: 2 }] };
    const { envelope } = await events.publish({ orgId, type: 'project.created', data });

    const delivery = await settled(id);
    expect(delivery).toMatchObject({ status: 'success', attempts: 3 });
    const requests = receiver.for('/flaky');
    expect(requests.map((request) => request.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    const sent = JSON.stringify({ id: envelope.id, type: envelope.type, created_at: envelope.created_at, data });
    expect(requests.map((request) => request.body)).toEqual([sent, sent, sent]);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(250);
    expect(delivery.attemptLog.map((attempt) => attempt.statusCode).sort()).toEqual([200, 500, 503]);
  });

  it('fails a delivery for good after the last attempt, with every attempt recorded', async () => {
    receiver.script('/down', [{ status: 500 }]);
    const { id } = await endpoint('/down', 'task.completed');
    await events.publish({ orgId, type: 'task.completed', data: {} });

    const delivery = await settled(id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, statusCode: 500 });
    expect(delivery.attemptLog).toHaveLength(3);
    expect(receiver.for('/down')).toHaveLength(3);

    const listed = await callApi(herald.url, 'GET', `/v1/webhooks/${id}/deliveries?status=failed`, {
      token: manageKey,
    });
    expect(listed.body).toEqual({
      deliveries: [expect.objectContaining({ id: delivery.id, status: 'failed', attempts: 3, status_code: 500 })],
      next_cursor: null,
    });
    expect(
      (await callApi(herald.url, 'GET', `/v1/webhooks/${id}/deliveries?status=success`, { token: manageKey })).body
        .deliveries,
    ).toEqual([]);
    const detail = await callApi(herald.url, 'GET', `/v1/deliveries/${delivery.id}`, { token: manageKey });
    expect(detail.body.attempt_log).toEqual(
      [1, 2, 3].map((attempt) =>
        expect.objectContaining({
          attempt,
          status_code: 500,
          response: 'answer 500',
          error: 'the receiver answered 500',
        }),
      ),
    );

    receiver.script('/down', [{ status: 200 }]);
    const retried = await callApi(herald.url, 'POST', `/v1/deliveries/${delivery.id}/retry`, { token: manageKey });
    expect(retried).toEqual({
      status: 202,
      body: { delivery_id: delivery.id, event_id: delivery.eventId, status: 'pending' },
    });
    const redelivered = await settled(id);
    expect(redelivered).toMatchObject({ status: 'success', attempts: 4 });
    expect(receiver.for('/down').at(-1)?.headers).toMatchObject({
      'webhook-id': delivery.id,
      'x-webhook-attempt': '4',
    });

    const stranger = (await seedOrganization(herald.app, { read: ['webhooks:read'] }, 'Stranger')).keys['read'];
    expect((await callApi(herald.url, 'POST', `/v1/deliveries/${delivery.id}/retry`, { token: stranger })).status).toBe(
      403,
    );
    expect((await callApi(herald.url, 'GET', `/v1/deliveries/${delivery.id}`, { token: stranger })).status).toBe(404);
    expect((await callApi(herald.url, 'GET', `/v1/webhooks/${id}/deliveries`, { token: stranger })).status).toBe(404);
  });

  const allSettled = (endpointId: string, count: number) =>
    eventually(
      async () => {
        const deliveries = await db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });
        const done = deliveries.length === count && deliveries.every((delivery) => delivery.status !== 'pending');
        return done ? deliveries : undefined;
      },
      { timeoutMs: 15_000, description: `${count} deliveries to ${endpointId} to settle` },
    );

  it('replays every failed delivery since a time once the receiver is fixed, no faster than the replay rate', async () => {
    receiver.script('/replay', [{ status: 500 }]);
    const { id } = await endpoint('/replay', 'payment.failed');
    const before = new Date(Date.now() - 1000).toISOString();
    for (const n of [1, 2, 3]) await events.publish({ orgId, type: 'payment.failed', data: { n } });
    const failed = await allSettled(id, 3);
    expect(failed.map((delivery) => delivery.status)).toEqual(['failed', 'failed', 'failed']);
    // Three failed deliveries in a row (WEBHOOK_DISABLE_AFTER) disabled it: the operator fixes and re-enables.
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).active).toBe(false);
    const replayWhileDisabled = await callApi(herald.url, 'POST', `/v1/webhooks/${id}/replay`, {
      token: manageKey,
      body: { since: before },
    });
    expect(replayWhileDisabled.status).toBe(409);
    receiver.script('/replay', [{ status: 200 }]);
    const enabled = await callApi(herald.url, 'PATCH', `/v1/webhooks/${id}`, {
      token: manageKey,
      body: { active: true },
    });
    expect(enabled.status).toBe(200);

    const invalid = await callApi(herald.url, 'POST', `/v1/webhooks/${id}/replay`, {
      token: manageKey,
      body: { since: 'yesterday' },
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('since');
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(
      (await callApi(herald.url, 'POST', `/v1/webhooks/${id}/replay`, { token: manageKey, body: { since: later } }))
        .body,
    ).toMatchObject({ replayed: 0 });

    const replayRequestedAt = Date.now();
    const replay = await callApi(herald.url, 'POST', `/v1/webhooks/${id}/replay`, {
      token: manageKey,
      body: { since: before },
    });
    expect(replay).toMatchObject({ status: 202, body: { replayed: 3, rate_per_second: 5 } });
    const replayed = await allSettled(id, 3);
    expect(replayed.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
      ['success', 4],
      ['success', 4],
      ['success', 4],
    ]);
    const resent = receiver.for('/replay').filter((request) => request.headers['x-webhook-attempt'] === '4');
    expect(resent.map((request) => request.headers['webhook-id']).sort()).toEqual(failed.map((d) => d.id).sort());
    // 5 per second: the three are due at +0, +200 and +400 ms, so the last cannot arrive sooner.
    expect(Math.max(...resent.map((request) => request.at)) - replayRequestedAt).toBeGreaterThanOrEqual(400);
  });

  it('reports delivery figures on /v1/webhooks/metrics and Prometheus counters on /metrics', async () => {
    const { id } = await endpoint('/stats', 'payment.succeeded');
    for (const n of [1, 2]) await events.publish({ orgId, type: 'payment.succeeded', data: { n } });
    await allSettled(id, 2);

    const stats = await callApi(herald.url, 'GET', `/v1/webhooks/metrics?endpoint_id=${id}`, { token: manageKey });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ total: 2, delivered: 2, failed: 0, pending: 0, success_rate: 1 });
    expect(stats.body.average_latency_ms).toEqual(expect.any(Number));
    const orgWide = await callApi(herald.url, 'GET', '/v1/webhooks/metrics', { token: manageKey });
    const { total, delivered, failed, pending } = orgWide.body;
    expect(total).toBeGreaterThan(2);
    expect(delivered + failed + pending).toBe(total);
    expect((await callApi(herald.url, 'GET', '/v1/webhooks/metrics?since=soon', { token: manageKey })).status).toBe(
      400,
    );
    expect(
      (await callApi(herald.url, 'GET', '/v1/webhooks/metrics?endpoint_id=ep_missing', { token: manageKey })).status,
    ).toBe(404);

    const scrape = await fetch(`${herald.url}/metrics`).then((response) => response.text());
    expect(scrape).toMatch(/webhook_deliveries_total\{status="success",app="webhooks"\} [1-9]/);
    expect(scrape).toMatch(/webhook_attempts_total\{result="retry",app="webhooks"\} [1-9]/);
    expect(scrape).toMatch(/webhook_attempt_duration_seconds_count\{[^}]*result="success"[^}]*\} [1-9]/);
    expect(scrape).toMatch(
      /jetstream_consumer_pending_messages\{stream="WEBHOOK_DELIVERIES",consumer="webhooks-deliverer",app="webhooks"\} \d+/,
    );
  });

  it('honours Retry-After on 429', async () => {
    receiver.script('/limited', [{ status: 429, headers: { 'retry-after': '2' } }, { status: 200 }]);
    const { id } = await endpoint('/limited', 'client.created');
    await events.publish({ orgId, type: 'client.created', data: {} });

    await settled(id);
    const [first, second] = receiver.for('/limited');
    expect(second.at - first.at).toBeGreaterThanOrEqual(2000);
  });

  it('disables the endpoint at once on 410 Gone and announces it as webhook.endpoint.disabled', async () => {
    receiver.script('/gone', [{ status: 410 }]);
    const { id } = await endpoint('/gone', 'file.uploaded');
    const watcher = await endpoint('/operations', 'webhook.endpoint.disabled');
    await events.publish({ orgId, type: 'file.uploaded', data: {} });

    const delivery = await settled(id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    const disabled = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(disabled).toMatchObject({ active: false, disabledReason: 'the receiver answered 410 Gone' });
    expect(disabled.disabledAt).not.toBeNull();

    await settled(watcher.id);
    const [announcement] = receiver.for('/operations');
    expect(JSON.parse(announcement.body)).toMatchObject({
      type: 'webhook.endpoint.disabled',
      data: {
        endpoint_id: id,
        url: `${receiverUrl}/gone`,
        reason: 'gone',
        description: 'the receiver answered 410 Gone',
        disabled_at: disabled.disabledAt?.toISOString(),
      },
    });
  });

  it('sends a webhook.test event to one endpoint on request', async () => {
    const { id } = await endpoint('/test-target', 'invoice.paid');
    const answer = await callApi(herald.url, 'POST', `/v1/webhooks/${id}/test`, { token: manageKey });
    expect(answer.status).toBe(202);
    await settled(id);
    const [request] = receiver.for('/test-target');
    expect(JSON.parse(request.body)).toMatchObject({
      id: answer.body.event_id,
      type: 'webhook.test',
      data: { endpoint_id: id },
    });
    expect(request.headers['webhook-id']).toBe(answer.body.delivery_id);
  });
});
