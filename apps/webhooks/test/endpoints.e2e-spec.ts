import { callApi, seedOrganization, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { webhooksApp } from '../src/webhooks.app';

/**
 * A public address that needs no DNS (the tests run offline). Only registered, never delivered to:
 * no event is ever published for the organizations of this suite, so nothing leaves the machine.
 */
const PUBLIC_URL = 'https://93.184.215.14/hooks/herald';

describe('webhook endpoints API', () => {
  let herald: TestApp;
  let db: PrismaClient;
  let keys: Record<string, string>;
  let foreignKey: string;

  beforeAll(async () => {
    herald = await startTestApp(webhooksApp, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
    db = testDatabaseClient();
    ({ keys } = await seedOrganization(herald.app, { manage: ['webhooks:manage'], read: ['webhooks:read'] }));
    foreignKey = (await seedOrganization(herald.app, { manage: ['webhooks:manage'] }, 'Other')).keys['manage'];
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    callApi(herald.url, method, path, { token, body });
  const create = (body: object, token = keys['manage']) => call('POST', '/v1/webhooks', token, body);

  it('registers an endpoint and shows its generated secret once; at rest the secret is encrypted', async () => {
    const created = await create({
      url: PUBLIC_URL,
      events: ['invoice.paid', 'payment.failed'],
      description: 'Billing',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      url: PUBLIC_URL,
      events: ['invoice.paid', 'payment.failed'],
      active: true,
      description: 'Billing',
      created_at: expect.any(String),
    });
    const { secret, id } = created.body;
    expect(secret).toMatch(/^whsec_/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(stored.secret).not.toContain(secret.slice('whsec_'.length));

    const fetched = await call('GET', `/v1/webhooks/${id}`, keys['read']);
    expect(fetched.status).toBe(200);
    expect(fetched.body).not.toHaveProperty('secret');
    const listed = await call('GET', '/v1/webhooks', keys['read']);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('keeps a secret the caller chose', async () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const created = await create({ url: PUBLIC_URL, events: ['invoice.paid'], secret });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe(secret);
  });

  it.each([
    [
      'an unknown event type',
      { url: PUBLIC_URL, events: ['invoice.paid', 'invoice.exploded'] },
      'events',
      /invoice\.exploded/,
    ],
    ['no events', { url: PUBLIC_URL, events: [] }, 'events', /events/],
    ['a URL that is not http(s)', { url: 'ftp://93.184.215.14/x', events: ['invoice.paid'] }, 'url', /http or https/],
    ['a malformed URL', { url: 'not a url', events: ['invoice.paid'] }, 'url', /not a valid URL/],
    ['loopback', { url: 'http://127.0.0.1:8080/hook', events: ['invoice.paid'] }, 'url', /loopback/],
    ['10/8', { url: 'http://10.0.0.1/hook', events: ['invoice.paid'] }, 'url', /private/],
    [
      'cloud metadata',
      { url: 'http://169.254.169.254/latest/meta-data', events: ['invoice.paid'] },
      'url',
      /link-local/,
    ],
    ['IPv6 loopback', { url: 'http://[::1]:8080/hook', events: ['invoice.paid'] }, 'url', /loopback/],
    [
      'a name resolving to loopback',
      { url: 'http://localhost:8080/hook', events: ['invoice.paid'] },
      'url',
      /loopback/,
    ],
    ['a short secret', { url: PUBLIC_URL, events: ['invoice.paid'], secret: 'whsec_abc' }, 'secret', /secret/],
  ])('refuses %s with 400 naming the field', async (_, body, field, message) => {
    const before = await db.webhookEndpoint.count();
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await db.webhookEndpoint.count()).toBe(before);
  });

  it('lets a read-only key read but not write', async () => {
    expect((await create({ url: PUBLIC_URL, events: ['invoice.paid'] }, keys['read'])).status).toBe(403);
    expect((await call('GET', '/v1/webhooks', keys['read'])).status).toBe(200);
  });

  it("answers 404 for another organization's endpoint, exactly as for a missing one", async () => {
    const { id } = (await create({ url: PUBLIC_URL, events: ['invoice.paid'] })).body;
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${id}`],
      ['PATCH', `/v1/webhooks/${id}`],
      ['DELETE', `/v1/webhooks/${id}`],
      ['POST', `/v1/webhooks/${id}/rotate-secret`],
    ]) {
      const foreign = await call(method, path, foreignKey, method === 'PATCH' ? { description: 'x' } : undefined);
      expect(foreign.status).toBe(404);
    }
    const missing = await call('GET', '/v1/webhooks/ep_missing', keys['read']);
    expect(missing.status).toBe(404);
    expect((await call('GET', `/v1/webhooks/${id}`, keys['read'])).body.description).toBeNull();
    const foreignList = await call('GET', '/v1/webhooks', foreignKey);
    expect(foreignList.body.webhooks.map((endpoint: { id: string }) => endpoint.id)).not.toContain(id);
  });

  it('updates, then deletes an endpoint', async () => {
    const { id } = (await create({ url: PUBLIC_URL, events: ['invoice.paid'] })).body;
    const updated = await call('PATCH', `/v1/webhooks/${id}`, keys['manage'], {
      events: ['project.created'],
      active: false,
      description: 'paused',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ events: ['project.created'], active: false, description: 'paused' });
    expect((await call('PATCH', `/v1/webhooks/${id}`, keys['manage'], { url: 'http://10.1.2.3/' })).status).toBe(400);

    expect((await call('DELETE', `/v1/webhooks/${id}`, keys['manage'])).status).toBe(204);
    expect((await call('GET', `/v1/webhooks/${id}`, keys['read'])).status).toBe(404);
  });

  it('rotates the secret, keeping the old one for 24 hours', async () => {
    const created = (await create({ url: PUBLIC_URL, events: ['invoice.paid'] })).body;
    const rotated = await call('POST', `/v1/webhooks/${created.id}/rotate-secret`, keys['manage']);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    const overlapMs = Date.parse(rotated.body.previous_secret_expires_at) - Date.now();
    expect(overlapMs).toBeGreaterThan(23.9 * 3600_000);
    expect(overlapMs).toBeLessThanOrEqual(24 * 3600_000);

    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.previousSecret).not.toBeNull();
    expect(stored.previousSecret).not.toContain(created.secret.slice('whsec_'.length));
  });

  it('pages through endpoints with a cursor', async () => {
    const { keys: own } = await seedOrganization(herald.app, { manage: ['webhooks:manage'] }, 'Pager');
    for (let i = 0; i < 3; i++) await create({ url: `${PUBLIC_URL}/${i}`, events: ['invoice.paid'] }, own['manage']);
    const first = await call('GET', '/v1/webhooks?limit=2', own['manage']);
    expect(first.body.webhooks).toHaveLength(2);
    expect(first.body.next_cursor).toBe(first.body.webhooks[1].id);
    const second = await call('GET', `/v1/webhooks?limit=2&cursor=${first.body.next_cursor}`, own['manage']);
    expect(second.body.webhooks.map((endpoint: { url: string }) => endpoint.url)).toEqual([`${PUBLIC_URL}/2`]);
    expect(second.body.next_cursor).toBeNull();
    expect((await call('GET', '/v1/webhooks?limit=500', own['manage'])).status).toBe(400);
  });

  it('lists the event-type catalogue', async () => {
    const answer = await call('GET', '/v1/event-types', keys['read']);
    expect(answer.status).toBe(200);
    const names = answer.body.event_types.map((type: { name: string }) => type.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'invoice.paid',
        'lead_won',
        'meeting.booked',
        'webhook.test',
        'webhook.endpoint.disabled',
      ]),
    );
    // The 20 platform types of docs/design.md and Herald's two system types.
    expect(names).toHaveLength(22);
    expect(answer.body.event_types.find((type: { name: string }) => type.name === 'webhook.endpoint.disabled')).toEqual(
      expect.objectContaining({ description: expect.stringContaining('disabled a webhook endpoint') }),
    );
  });
});
