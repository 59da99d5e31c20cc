import { callApi, seedOrganization, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { impactInApp } from '../src/impact-in.app';
import { InboundStream, postInbound, sign } from './support/inbound-test-kit';

describe('inbound events: the log and replay', () => {
  let herald: TestApp;
  let db: PrismaClient;
  let stream: InboundStream;
  let key: string;
  let orgId: string;
  let otherKey: string;
  let githubSecret: string;
  const ids: string[] = [];

  const api = (method: string, path: string, token = key) => callApi(herald.url, method, path, { token });

  beforeAll(async () => {
    herald = await startTestApp(impactInApp);
    db = testDatabaseClient();
    stream = new InboundStream(herald);
    const org = await seedOrganization(herald.app, { manage: ['inbound:manage'] }, 'Log');
    const other = await seedOrganization(herald.app, { manage: ['inbound:manage'] }, 'Elsewhere');
    [key, orgId, otherKey] = [org.keys['manage'], org.orgId, other.keys['manage']];
    const github = await callApi(herald.url, 'POST', '/v1/inbound-sources', {
      token: key,
      body: { name: 'gh-log', scheme: 'github' },
    });
    githubSecret = github.body.secret;
    await callApi(herald.url, 'POST', '/v1/inbound-sources', {
      token: key,
      body: { name: 'form-partner', scheme: 'hmac-sha256', options: { header: 'x-sig', encoding: 'hex' } },
    });
    for (const n of [1, 2, 3]) {
      const payload = JSON.stringify({ action: 'pushed', n });
      const answer = await postInbound(
        herald.url,
        `/v1/inbound/${orgId}/gh-log`,
        payload,
        sign.github(payload, githubSecret, 'push', `log-delivery-${n}`),
      );
      ids.push(answer.body.id as string);
    }
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
  });

  it('lists the events newest first, filtered by source, in cursor pages', async () => {
    const first = await api('GET', '/v1/inbound-events?source=gh-log&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.events.map((event: { id: string }) => event.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.events[0]).toMatchObject({
      source: 'gh-log',
      scheme: 'github',
      type: 'push.pushed',
      sender_event_id: 'log-delivery-3',
      subject: 'inbound.gh-log.push.pushed',
      replay_count: 0,
      last_replayed_at: null,
    });
    const second = await api('GET', `/v1/inbound-events?source=gh-log&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.events.map((event: { id: string }) => event.id)).toEqual([ids[0]]);
    expect(second.body.next_cursor).toBeNull();
    expect((await api('GET', '/v1/inbound-events?source=form-partner')).body.events).toEqual([]);
    expect((await api('GET', '/v1/inbound-events?source=Not%20A%20Name')).status).toBe(400);
  });

  it('shows one event with its kept headers, the raw body and the parsed data', async () => {
    const answer = await api('GET', `/v1/inbound-events/${ids[0]}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: ids[0],
      content_type: 'application/json',
      body: JSON.stringify({ action: 'pushed', n: 1 }),
      data: { action: 'pushed', n: 1 },
      headers: { 'x-github-event': 'push', 'x-github-delivery': 'log-delivery-1' },
    });
    expect(answer.body.headers['x-hub-signature-256']).toMatch(/^sha256=/);
  });

  it('parses form bodies into fields, a repeated field as a list', async () => {
    const source = await db.inboundSource.findFirstOrThrow({ where: { orgId, name: 'form-partner' } });
    const rotated = await callApi(herald.url, 'POST', `/v1/inbound-sources/${source.id}/rotate-secret`, {
      token: key,
      body: { secret: 'form-partner-secret-1', overlap_seconds: 0 },
    });
    expect(rotated.status).toBe(200);
    const form = 'type=volunteer.signup&name=Ada&skills=code&skills=teaching';
    const answer = await postInbound(herald.url, `/v1/inbound/${orgId}/form-partner`, form, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-sig': sign.hmac(form, 'form-partner-secret-1', 'hex'),
    });
    expect(answer.status).toBe(202);
    const { envelope } = await stream.last('inbound.form-partner.volunteer.signup');
    expect(envelope.data).toEqual({ type: 'volunteer.signup', name: 'Ada', skills: ['code', 'teaching'] });
  });

  it('replays an event: published again with the same id and its replay number, and counted', async () => {
    const subject = 'inbound.gh-log.push.pushed';
    const before = await stream.count(subject);
    const replayed = await api('POST', `/v1/inbound-events/${ids[1]}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toEqual({ id: ids[1], replay_count: 1, subject });
    expect(await stream.count(subject)).toBe(before + 1);
    const { envelope, msgId } = await stream.last(subject);
    expect(envelope).toMatchObject({ id: ids[1], replay: 1, sender_event_id: 'log-delivery-2', data: { n: 2 } });
    expect(msgId).toBe(`${ids[1]}:replay:1`);

    expect((await api('POST', `/v1/inbound-events/${ids[1]}/replay`)).body.replay_count).toBe(2);
    expect(await stream.count(subject)).toBe(before + 2);
    const read = await api('GET', `/v1/inbound-events/${ids[1]}`);
    expect(read.body.replay_count).toBe(2);
    expect(read.body.last_replayed_at).not.toBeNull();
  });

  it("never shows or replays another organization's events, and needs inbound:manage", async () => {
    const subject = 'inbound.gh-log.push.pushed';
    const before = await stream.count(subject);
    expect((await api('GET', `/v1/inbound-events/${ids[0]}`, otherKey)).status).toBe(404);
    expect((await api('POST', `/v1/inbound-events/${ids[0]}/replay`, otherKey)).status).toBe(404);
    expect((await api('GET', '/v1/inbound-events', otherKey)).body.events).toEqual([]);
    expect((await api('POST', '/v1/inbound-events/inb_nothing/replay')).status).toBe(404);
    expect(await stream.count(subject)).toBe(before);
    expect((await callApi(herald.url, 'GET', '/v1/inbound-events')).status).toBe(401);
  });

  it('keeps the events of a deleted source readable', async () => {
    const source = await db.inboundSource.findFirstOrThrow({ where: { orgId, name: 'gh-log' } });
    expect((await api('DELETE', `/v1/inbound-sources/${source.id}`)).status).toBe(204);
    const answer = await api('GET', `/v1/inbound-events/${ids[2]}`);
    expect(answer.body).toMatchObject({ id: ids[2], source: 'gh-log', source_id: null });
  });
});
