import { callApi, seedOrganization, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { eventually } from '@herald/testing';
import { impactInApp } from '../src/impact-in.app';
import { InboundStream, nowSeconds, postInbound, sign } from './support/inbound-test-kit';

const STRIPE_SECRET = 'whsec_stripe_endpoint_secret_5b7c1d';
const TWILIO_TOKEN = 'twilio_auth_token_0123456789abcdef';

describe('ingestion: verified, stored and published once', () => {
  let herald: TestApp;
  let db: PrismaClient;
  let stream: InboundStream;
  let key: string;
  let orgId: string;
  let otherOrg: { orgId: string; key: string };
  const secrets: Record<string, string> = {};

  const createSource = async (body: Record<string, unknown>, token = key) => {
    const answer = await callApi(herald.url, 'POST', '/v1/inbound-sources', { token, body });
    expect(answer.status).toBe(201);
    secrets[answer.body.name as string] = answer.body.secret as string;
    return answer.body as { id: string; name: string; secret: string };
  };
  const pathOf = (source: string, org = orgId) => `/v1/inbound/${org}/${source}`;
  const stripeEvent = (id: string, type = 'invoice.paid') =>
    JSON.stringify({ id, object: 'event', type, data: { object: { id: 'in_1', amount_paid: 4200 } } });
  const metrics = async (app = herald) => (await fetch(`${app.url}/metrics`)).text();
  const refusedCount = async (scheme: string, reason: string, app = herald) => {
    const pattern = new RegExp(
      `herald_inbound_refused_total\\{[^}]*scheme="${scheme}",reason="${reason}"[^}]*\\} (\\d+)`,
    );
    return Number(pattern.exec(await metrics(app))?.[1] ?? 0);
  };

  beforeAll(async () => {
    herald = await startTestApp(impactInApp);
    db = testDatabaseClient();
    stream = new InboundStream(herald);
    const org = await seedOrganization(herald.app, { manage: ['inbound:manage'] }, 'Acme');
    const other = await seedOrganization(herald.app, { manage: ['inbound:manage'] }, 'Other');
    [key, orgId] = [org.keys['manage'], org.orgId];
    otherOrg = { orgId: other.orgId, key: other.keys['manage'] };
    await createSource({ name: 'stripe', scheme: 'stripe', secret: STRIPE_SECRET });
    await createSource({ name: 'github', scheme: 'github' });
    await createSource({ name: 'partner-sw', scheme: 'standard-webhooks' });
    await createSource({ name: 'twilio', scheme: 'twilio', secret: TWILIO_TOKEN });
    await createSource({
      name: 'partner-hmac',
      scheme: 'hmac-sha256',
      options: {
        header: 'X-Partner-Signature',
        encoding: 'base64',
        prefix: 'sha256=',
        timestamp_header: 'X-Partner-Timestamp',
        event_type_header: 'X-Partner-Event',
        id_path: 'event.id',
      },
    });
    await createSource({
      name: 'partner-hex',
      scheme: 'hmac-sha256',
      options: { header: 'x-signature', encoding: 'hex', id_header: 'x-delivery-id' },
    });
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
  });

  describe('each scheme, signed by the sender’s own code', () => {
    it('stripe (stripe.webhooks.generateTestHeaderString): 202, stored as received, published once', async () => {
      const payload = stripeEvent('evt_stripe_accepted');
      const answer = await postInbound(herald.url, pathOf('stripe'), payload, sign.stripe(payload, STRIPE_SECRET));
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ id: expect.stringMatching(/^inb_/), duplicate: false });

      const subject = 'inbound.stripe.invoice.paid';
      expect(await stream.count(subject)).toBe(1);
      const { envelope, msgId } = await stream.last(subject);
      expect(msgId).toBe(answer.body.id);
      expect(envelope).toEqual({
        id: answer.body.id,
        org_id: orgId,
        source: 'stripe',
        source_id: expect.stringMatching(/^src_/),
        scheme: 'stripe',
        type: 'invoice.paid',
        sender_event_id: 'evt_stripe_accepted',
        received_at: expect.any(String),
        data: JSON.parse(payload),
      });

      const row = await db.inboundEvent.findUniqueOrThrow({ where: { id: answer.body.id } });
      expect(Buffer.from(row.rawBody).toString('utf8')).toBe(payload);
      expect(row).toMatchObject({
        orgId,
        sourceName: 'stripe',
        eventType: 'invoice.paid',
        contentType: 'application/json',
      });
      expect(row.headers).toMatchObject({ 'stripe-signature': expect.stringMatching(/^t=\d+,v1=/) });
    });

    it('github (plain crypto, X-Hub-Signature-256): the event and action make the type', async () => {
      const payload = JSON.stringify({ action: 'opened', number: 7, pull_request: { title: 'Add inbound' } });
      const answer = await postInbound(
        herald.url,
        pathOf('github'),
        payload,
        sign.github(payload, secrets['github'], 'pull_request', '72d3162e-cc78-11e3-81ab-4c9367dc0958'),
      );
      expect(answer.status).toBe(202);
      const { envelope } = await stream.last('inbound.github.pull_request.opened');
      expect(envelope).toMatchObject({
        id: answer.body.id,
        type: 'pull_request.opened',
        sender_event_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
        data: { number: 7 },
      });
    });

    it('standard-webhooks (standardwebhooks Webhook.sign): webhook-id is the sender event id', async () => {
      const payload = JSON.stringify({ type: 'impact.reported', data: { tonnes: 3.2 } });
      const answer = await postInbound(
        herald.url,
        pathOf('partner-sw'),
        payload,
        sign.standardWebhooks(payload, secrets['partner-sw'], 'msg_2Xk9sw'),
      );
      expect(answer.status).toBe(202);
      const { envelope } = await stream.last('inbound.partner-sw.impact.reported');
      expect(envelope).toMatchObject({
        id: answer.body.id,
        sender_event_id: 'msg_2Xk9sw',
        data: { data: { tonnes: 3.2 } },
      });
    });

    it('standard-webhooks from a Svix-powered sender (svix Webhook.sign, svix-* headers); stale or unsigned refused', async () => {
      const payload = JSON.stringify({ type: 'grant.approved', data: { amount: 1000 } });
      const answer = await postInbound(
        herald.url,
        pathOf('partner-sw'),
        payload,
        sign.svix(payload, secrets['partner-sw'], 'msg_svix_1'),
      );
      expect(answer.status).toBe(202);
      expect((await stream.last('inbound.partner-sw.grant.approved')).envelope.sender_event_id).toBe('msg_svix_1');

      const staleAt = new Date(Date.now() - 301_000);
      const stale = await postInbound(
        herald.url,
        pathOf('partner-sw'),
        payload,
        sign.svix(payload, secrets['partner-sw'], 'msg_svix_2', staleAt),
      );
      expect(stale.status).toBe(401);
      expect(stale.body.reason).toBe('stale_timestamp');
      const unsigned = await postInbound(herald.url, pathOf('partner-sw'), payload, {
        'content-type': 'application/json',
      });
      expect(unsigned.body.reason).toBe('missing_signature');
      expect(await stream.count('inbound.partner-sw.grant.approved')).toBe(1);
    });

    it('twilio (twilio.getExpectedTwilioSignature over the URL and sorted form params)', async () => {
      const url = `${herald.url}${pathOf('twilio')}`;
      const params = {
        MessageSid: 'SM0123456789abcdef',
        MessageStatus: 'delivered',
        To: '+15550001111',
        AccountSid: 'AC123',
      };
      const signed = sign.twilio(url, params, TWILIO_TOKEN);
      const answer = await postInbound(herald.url, pathOf('twilio'), signed.body, signed.headers);
      expect(answer.status).toBe(202);
      const { envelope } = await stream.last('inbound.twilio.message.delivered');
      expect(envelope).toMatchObject({
        id: answer.body.id,
        type: 'message.delivered',
        sender_event_id: 'SM0123456789abcdef:delivered',
        data: params,
      });

      const again = await postInbound(herald.url, pathOf('twilio'), signed.body, signed.headers);
      expect(again.body).toEqual({ id: answer.body.id, duplicate: true });
      const tampered = await postInbound(
        herald.url,
        pathOf('twilio'),
        signed.body.replace('delivered', 'failed'),
        signed.headers,
      );
      expect(tampered.status).toBe(401);
      const next = sign.twilio(url, { ...params, MessageStatus: 'read' }, TWILIO_TOKEN);
      const read = await postInbound(herald.url, pathOf('twilio'), next.body, next.headers);
      expect(read.body.duplicate).toBe(false);
      expect(await stream.count('inbound.twilio.message.delivered')).toBe(1);
    });

    it('hmac-sha256 with a prefix, base64, a signed timestamp header, the type from a header and the id from a JSON path', async () => {
      const payload = JSON.stringify({ event: { id: 'csr-991' }, hours: 12 });
      const timestamp = String(nowSeconds());
      const signature = sign.hmac(payload, secrets['partner-hmac'], 'base64', `${timestamp}.`);
      const headers = {
        'content-type': 'application/json',
        'x-partner-signature': `sha256=${signature}`,
        'x-partner-timestamp': timestamp,
        'x-partner-event': 'volunteering.logged',
      };
      const answer = await postInbound(herald.url, pathOf('partner-hmac'), payload, headers);
      expect(answer.status).toBe(202);
      const { envelope } = await stream.last('inbound.partner-hmac.volunteering.logged');
      expect(envelope).toMatchObject({ id: answer.body.id, sender_event_id: 'csr-991', data: { hours: 12 } });

      const stale = String(nowSeconds() - 301);
      const staleAnswer = await postInbound(herald.url, pathOf('partner-hmac'), payload, {
        ...headers,
        'x-partner-timestamp': stale,
        'x-partner-signature': `sha256=${sign.hmac(payload, secrets['partner-hmac'], 'base64', `${stale}.`)}`,
      });
      expect(staleAnswer.status).toBe(401);
      expect(staleAnswer.body.reason).toBe('stale_timestamp');
    });

    it('hmac-sha256 hex with the id from a header; without one, a hash of the body deduplicates', async () => {
      const payload = JSON.stringify({ type: 'donation.made', amount: 50 });
      const signature = sign.hmac(payload, secrets['partner-hex'], 'hex');
      const first = await postInbound(herald.url, pathOf('partner-hex'), payload, {
        'content-type': 'application/json',
        'x-signature': signature,
        'x-delivery-id': 'd-1',
      });
      expect(first.status).toBe(202);
      const withoutId = { 'content-type': 'application/json', 'x-signature': signature };
      const hashed = await postInbound(herald.url, pathOf('partner-hex'), payload, withoutId);
      const hashedAgain = await postInbound(herald.url, pathOf('partner-hex'), payload, withoutId);
      expect(hashed.body.duplicate).toBe(false);
      expect(hashedAgain.body).toEqual({ id: hashed.body.id, duplicate: true });
      expect(await stream.count('inbound.partner-hex.donation.made')).toBe(2);
      const row = await db.inboundEvent.findUniqueOrThrow({ where: { id: hashed.body.id } });
      expect(row.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    });
  });

  describe('refusals: the right status, counted by reason, nothing stored or published', () => {
    const refusalCases: [
      string,
      () => Promise<{ path: string; body: string | Buffer; headers: Record<string, string> }>,
      number,
      string,
    ][] = [
      [
        'a tampered body',
        async () => {
          const payload = stripeEvent('evt_tampered');
          return {
            path: pathOf('stripe'),
            body: payload.replace('4200', '9900'),
            headers: sign.stripe(payload, STRIPE_SECRET),
          };
        },
        401,
        'bad_signature',
      ],
      [
        'a re-serialized body (same JSON, other bytes)',
        async () => {
          const pretty = JSON.stringify(JSON.parse(stripeEvent('evt_reserialized')), null, 2);
          return {
            path: pathOf('stripe'),
            body: JSON.stringify(JSON.parse(pretty)),
            headers: sign.stripe(pretty, STRIPE_SECRET),
          };
        },
        401,
        'bad_signature',
      ],
      [
        'a wrong secret',
        async () => {
          const payload = stripeEvent('evt_wrong_secret');
          return {
            path: pathOf('stripe'),
            body: payload,
            headers: sign.stripe(payload, 'whsec_somebody_else_entirely'),
          };
        },
        401,
        'bad_signature',
      ],
      [
        'a stale timestamp (301 s old)',
        async () => {
          const payload = stripeEvent('evt_stale');
          return {
            path: pathOf('stripe'),
            body: payload,
            headers: sign.stripe(payload, STRIPE_SECRET, nowSeconds() - 301),
          };
        },
        401,
        'stale_timestamp',
      ],
      [
        'a missing signature header',
        async () => ({
          path: pathOf('stripe'),
          body: stripeEvent('evt_unsigned'),
          headers: { 'content-type': 'application/json' },
        }),
        401,
        'missing_signature',
      ],
      [
        'a body the scheme cannot carry',
        async () => {
          const payload = stripeEvent('evt_as_text');
          return {
            path: pathOf('stripe'),
            body: payload,
            headers: { ...sign.stripe(payload, STRIPE_SECRET), 'content-type': 'text/plain' },
          };
        },
        415,
        'unsupported_media_type',
      ],
      [
        'an unknown source',
        async () => {
          const payload = stripeEvent('evt_unknown_source');
          return { path: pathOf('no-such-source'), body: payload, headers: sign.stripe(payload, STRIPE_SECRET) };
        },
        404,
        'unknown_source',
      ],
      [
        "another organization's path",
        async () => {
          const payload = stripeEvent('evt_other_org');
          return {
            path: pathOf('stripe', otherOrg.orgId),
            body: payload,
            headers: sign.stripe(payload, STRIPE_SECRET),
          };
        },
        404,
        'unknown_source',
      ],
      [
        'an unknown organization',
        async () => {
          const payload = stripeEvent('evt_no_org');
          return {
            path: pathOf('stripe', 'org_doesnotexist'),
            body: payload,
            headers: sign.stripe(payload, STRIPE_SECRET),
          };
        },
        404,
        'unknown_source',
      ],
    ];

    it.each(refusalCases)('refuses %s', async (_, build, status, reason) => {
      const request = await build();
      const scheme = status === 404 ? 'unknown' : 'stripe';
      const [storedBefore, publishedBefore, countedBefore] = await Promise.all([
        db.inboundEvent.count(),
        stream.counts('inbound.>'),
        refusedCount(scheme, reason),
      ]);
      const answer = await postInbound(herald.url, request.path, request.body, request.headers);
      expect(answer.status).toBe(status);
      expect(await db.inboundEvent.count()).toBe(storedBefore);
      expect(await stream.counts('inbound.>')).toEqual(publishedBefore);
      expect(await refusedCount(scheme, reason)).toBe(countedBefore + 1);
    });

    it("refuses a genuine delivery for another organization's same-named source (its own secret) with 401", async () => {
      await createSource({ name: 'stripe', scheme: 'stripe', secret: 'whsec_other_orgs_own_secret_xyz' }, otherOrg.key);
      const payload = stripeEvent('evt_cross_org');
      const publishedBefore = await stream.counts('inbound.>');
      const answer = await postInbound(
        herald.url,
        pathOf('stripe', otherOrg.orgId),
        payload,
        sign.stripe(payload, STRIPE_SECRET),
      );
      expect(answer.status).toBe(401);
      expect(await stream.counts('inbound.>')).toEqual(publishedBefore);
      expect(await db.inboundEvent.count({ where: { senderEventId: 'evt_cross_org' } })).toBe(0);
    });

    it('refuses a body over 1 MiB with 413, and takes one of exactly 1 MiB', async () => {
      const envelope = (filler: number) => JSON.stringify({ id: 'evt_big', type: 'big.one', pad: 'x'.repeat(filler) });
      const overhead = envelope(0).length;
      const limit = 1024 * 1024;
      const exact = envelope(limit - overhead);
      const over = envelope(limit - overhead + 1);
      expect(Buffer.byteLength(exact)).toBe(limit);
      const countedBefore = await refusedCount('unknown', 'body_too_large');
      const tooLarge = await postInbound(herald.url, pathOf('stripe'), over, sign.stripe(over, STRIPE_SECRET));
      expect(tooLarge.status).toBe(413);
      expect(await refusedCount('unknown', 'body_too_large')).toBe(countedBefore + 1);
      expect(await stream.count('inbound.stripe.big.one')).toBe(0);
      const fits = await postInbound(herald.url, pathOf('stripe'), exact, sign.stripe(exact, STRIPE_SECRET));
      expect(fits.status).toBe(202);
      expect(await stream.count('inbound.stripe.big.one')).toBe(1);
      // Beyond NATS's 1 MiB message limit with its envelope: published without data, which the API serves.
      const { envelope: published } = await stream.last('inbound.stripe.big.one');
      expect(published).toMatchObject({ id: fits.body.id, sender_event_id: 'evt_big', data: null, data_omitted: true });
      const stored = await callApi(herald.url, 'GET', `/v1/inbound-events/${fits.body.id}`, { token: key });
      expect(stored.body.body).toBe(exact);
    });

    it('answers 404 for an inactive source', async () => {
      const source = await createSource({ name: 'paused', scheme: 'github' });
      await callApi(herald.url, 'PATCH', `/v1/inbound-sources/${source.id}`, { token: key, body: { active: false } });
      const payload = JSON.stringify({ zen: 'Keep it logically awesome.' });
      const answer = await postInbound(
        herald.url,
        pathOf('paused'),
        payload,
        sign.github(payload, source.secret, 'ping', 'p-1'),
      );
      expect(answer.status).toBe(404);
    });
  });

  describe('deduplication', () => {
    it("answers a second delivery of the same sender event with the first one's id and publishes it once", async () => {
      const payload = stripeEvent('evt_delivered_twice', 'customer.created');
      const first = await postInbound(herald.url, pathOf('stripe'), payload, sign.stripe(payload, STRIPE_SECRET));
      // Stripe's retry is signed afresh, with a later timestamp.
      const retry = await postInbound(
        herald.url,
        pathOf('stripe'),
        payload,
        sign.stripe(payload, STRIPE_SECRET, nowSeconds() + 1),
      );
      expect(first.status).toBe(202);
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual({ id: first.body.id, duplicate: true });
      expect(await stream.count('inbound.stripe.customer.created')).toBe(1);
      expect(await db.inboundEvent.count({ where: { senderEventId: 'evt_delivered_twice' } })).toBe(1);
    });

    it('stores and publishes once when the same delivery arrives concurrently', async () => {
      const payload = JSON.stringify({ action: 'created', issue: { number: 1 } });
      const headers = sign.github(payload, secrets['github'], 'issues', 'delivery-concurrent-1');
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => postInbound(herald.url, pathOf('github'), payload, headers)),
      );
      expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202, 202]);
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
      expect(await stream.count('inbound.github.issues.created')).toBe(1);
    });

    it('counts accepted deliveries by outcome', async () => {
      const text = await metrics();
      expect(text).toMatch(/herald_inbound_accepted_total\{[^}]*scheme="stripe",outcome="duplicate"[^}]*\} [1-9]/);
      expect(text).toMatch(/herald_inbound_accepted_total\{[^}]*scheme="stripe",outcome="published"[^}]*\} [1-9]/);
    });
  });

  describe('secret rotation', () => {
    it('accepts the old and the new secret during the overlap, and only the new one after it', async () => {
      const source = await createSource({
        name: 'stripe-rotating',
        scheme: 'stripe',
        secret: 'whsec_old_secret_1234567',
      });
      const rotate = (body: object) =>
        callApi(herald.url, 'POST', `/v1/inbound-sources/${source.id}/rotate-secret`, { token: key, body });
      expect((await rotate({ secret: 'whsec_new_secret_7654321' })).status).toBe(200);

      const post = (id: string, secret: string) => {
        const payload = stripeEvent(id, 'charge.succeeded');
        return postInbound(herald.url, pathOf('stripe-rotating'), payload, sign.stripe(payload, secret));
      };
      expect((await post('evt_rot_old', 'whsec_old_secret_1234567')).status).toBe(202);
      expect((await post('evt_rot_new', 'whsec_new_secret_7654321')).status).toBe(202);
      expect(await stream.count('inbound.stripe-rotating.charge.succeeded')).toBe(2);

      // Stripe signs with both secrets during its own rotation: one header, two v1 entries.
      const payload = stripeEvent('evt_rot_both', 'charge.succeeded');
      const timestamp = nowSeconds();
      const v1 = (secret: string) =>
        /v1=([0-9a-f]+)/.exec(sign.stripe(payload, secret, timestamp)['stripe-signature'])?.[1];
      const both = await postInbound(herald.url, pathOf('stripe-rotating'), payload, {
        'content-type': 'application/json',
        'stripe-signature': `t=${timestamp},v1=${v1('whsec_unrelated_secret_99')},v1=${v1('whsec_new_secret_7654321')}`,
      });
      expect(both.status).toBe(202);

      expect((await rotate({ secret: 'whsec_newest_secret_000', overlap_seconds: 0 })).status).toBe(200);
      expect((await post('evt_rot_after_old', 'whsec_new_secret_7654321')).status).toBe(401);
      expect((await post('evt_rot_after_new', 'whsec_newest_secret_000')).status).toBe(202);
    });
  });

  describe('behind a proxy', () => {
    it('verifies Twilio against IMPACT_IN_PUBLIC_URL, the URL Twilio called, and shows it as the ingest URL', async () => {
      const proxied = await startTestApp(impactInApp, { IMPACT_IN_PUBLIC_URL: 'https://hooks.example.com/' });
      try {
        const source = await callApi(proxied.url, 'GET', '/v1/inbound-sources', { token: key });
        const twilioSource = source.body.sources.find((candidate: { name: string }) => candidate.name === 'twilio');
        expect(twilioSource.ingest_url).toBe(`https://hooks.example.com${pathOf('twilio')}`);
        const params = { MessageSid: 'SMproxy', MessageStatus: 'queued' };
        const asLocal = sign.twilio(`${proxied.url}${pathOf('twilio')}`, params, TWILIO_TOKEN);
        expect((await postInbound(proxied.url, pathOf('twilio'), asLocal.body, asLocal.headers)).status).toBe(401);
        const asPublic = sign.twilio(twilioSource.ingest_url, params, TWILIO_TOKEN);
        expect((await postInbound(proxied.url, pathOf('twilio'), asPublic.body, asPublic.headers)).status).toBe(202);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('rate limit per source', () => {
    it('answers 429 with Retry-After past the limit, counted in Postgres so that every replica shares it', async () => {
      const replica = await startTestApp(impactInApp);
      try {
        // A fixed window may turn over mid-test; a fresh source then simply tries again.
        await eventually(
          async () => {
            const name = `limited-${Date.now()}`;
            const source = await createSource({ name, scheme: 'github', rate_limit_per_minute: 3 });
            const send = (app: TestApp, n: number) => {
              const payload = JSON.stringify({ zen: `n${n}` });
              return postInbound(
                app.url,
                pathOf(name),
                payload,
                sign.github(payload, source.secret, 'ping', `${name}-${n}`),
              );
            };
            const answers = [
              await send(herald, 1),
              await send(replica, 2),
              await send(herald, 3),
              await send(replica, 4),
            ];
            expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 429]);
            const retryAfter = Number(answers[3].headers.get('retry-after'));
            expect(retryAfter).toBeGreaterThanOrEqual(1);
            expect(retryAfter).toBeLessThanOrEqual(60);
            expect(await stream.count(`inbound.${name}.ping`)).toBe(3);
            return true;
          },
          { timeoutMs: 20_000, description: 'the fourth request in one window to be refused' },
        );
        expect(await refusedCount('github', 'rate_limited', replica)).toBeGreaterThanOrEqual(1);
      } finally {
        await replica.close();
      }
    });
  });
});
