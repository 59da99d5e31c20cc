import { callApi, seedOrganization, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import type { PrismaClient } from '@herald/database';
import { impactInApp } from '../src/impact-in.app';

const STRIPE_SECRET = 'whsec_stripe_dashboard_secret_0123456789';

describe('inbound sources: registration, secrets and rotation', () => {
  let herald: TestApp;
  let db: PrismaClient;
  let key: string;
  let orgId: string;
  let otherKey: string;
  let readOnlyKey: string;

  beforeAll(async () => {
    herald = await startTestApp(impactInApp);
    db = testDatabaseClient();
    const org = await seedOrganization(herald.app, { manage: ['inbound:manage'], webhooks: ['webhooks:manage'] }, 'A');
    const other = await seedOrganization(herald.app, { manage: ['inbound:manage'] }, 'B');
    [key, orgId, readOnlyKey, otherKey] = [org.keys['manage'], org.orgId, org.keys['webhooks'], other.keys['manage']];
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
  });

  const api = (method: string, path: string, body?: unknown, token = key) =>
    callApi(herald.url, method, path, { token, body });

  it('creates a source, shows its secret once, and keeps the secret sealed at rest', async () => {
    const created = await api('POST', '/v1/inbound-sources', {
      name: 'stripe-live',
      scheme: 'stripe',
      secret: STRIPE_SECRET,
      description: 'Stripe live account',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^src_/),
      name: 'stripe-live',
      scheme: 'stripe',
      options: null,
      active: true,
      rate_limit_per_minute: null,
      secret: STRIPE_SECRET,
      ingest_url: expect.stringMatching(new RegExp(`/v1/inbound/${orgId}/stripe-live$`)),
      previous_secret_expires_at: null,
    });

    const read = await api('GET', `/v1/inbound-sources/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    const listed = await api('GET', '/v1/inbound-sources');
    expect(listed.body.sources.map((source: { id: string }) => source.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(STRIPE_SECRET);

    const row = await db.inboundSource.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.secret).toMatch(/^v1:/);
    expect(row.secret).not.toContain(STRIPE_SECRET);
  });

  it('generates a secret where the scheme lets Herald choose it', async () => {
    const github = await api('POST', '/v1/inbound-sources', { name: 'github', scheme: 'github' });
    expect(github.status).toBe(201);
    expect(github.body.secret).toMatch(/^whsec_/);
    const standard = await api('POST', '/v1/inbound-sources', { name: 'partner-sw', scheme: 'standard-webhooks' });
    expect(standard.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  });

  it.each([
    [{ name: 'x', scheme: 'carrier-pigeon', secret: 'abcdefgh12' }, 'scheme'],
    [{ name: 'Not A Slug', scheme: 'github' }, 'name'],
    [{ name: 'stripe-2', scheme: 'stripe' }, 'secret'],
    [{ name: 'twilio-2', scheme: 'twilio' }, 'secret'],
    [{ name: 'sw-2', scheme: 'standard-webhooks', secret: 'not-a-whsec-secret' }, 'secret'],
    [{ name: 'hmac-1', scheme: 'hmac-sha256', options: { encoding: 'hex' } }, 'options.header'],
    [{ name: 'hmac-2', scheme: 'hmac-sha256', options: { header: 'x-sig' } }, 'options.encoding'],
    [{ name: 'hmac-3', scheme: 'hmac-sha256', options: { header: 'x-sig', encoding: 'octal' } }, 'options.encoding'],
    [{ name: 'gh-2', scheme: 'github', options: { header: 'x-sig', encoding: 'hex' } }, 'options'],
    [{ name: 'gh-3', scheme: 'github', surprise: true }, 'surprise'],
    [{ name: 'gh-4', scheme: 'github', rate_limit_per_minute: 0 }, 'rate_limit_per_minute'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const answer = await api('POST', '/v1/inbound-sources', body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('keeps names unique within an organization (409 naming the field), not across organizations', async () => {
    await api('POST', '/v1/inbound-sources', { name: 'shared-name', scheme: 'github' });
    const again = await api('POST', '/v1/inbound-sources', { name: 'shared-name', scheme: 'github' });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].field).toBe('name');
    const elsewhere = await api('POST', '/v1/inbound-sources', { name: 'shared-name', scheme: 'github' }, otherKey);
    expect(elsewhere.status).toBe(201);
  });

  it('updates options and settings, refuses options that do not fit, and deletes', async () => {
    const created = await api('POST', '/v1/inbound-sources', {
      name: 'partner-hmac',
      scheme: 'hmac-sha256',
      options: { header: 'x-signature', encoding: 'hex' },
    });
    const id = created.body.id as string;
    const updated = await api('PATCH', `/v1/inbound-sources/${id}`, {
      options: { header: 'X-Partner-Signature', encoding: 'base64', prefix: 'sha256=', id_path: 'event.id' },
      rate_limit_per_minute: 30,
      active: false,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      options: { header: 'X-Partner-Signature', encoding: 'base64', prefix: 'sha256=', id_path: 'event.id' },
      rate_limit_per_minute: 30,
      active: false,
    });
    const bad = await api('PATCH', `/v1/inbound-sources/${id}`, { options: { encoding: 'hex' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('options.header');
    const scheme = await api('PATCH', `/v1/inbound-sources/${id}`, { scheme: 'github' });
    expect(scheme.status).toBe(400);

    expect((await api('DELETE', `/v1/inbound-sources/${id}`)).status).toBe(204);
    expect((await api('GET', `/v1/inbound-sources/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/inbound-sources/${id}`)).status).toBe(404);
  });

  it('rotates a secret with an overlap, and requires a new secret where the sender issues it', async () => {
    const created = await api('POST', '/v1/inbound-sources', {
      name: 'stripe-rot',
      scheme: 'stripe',
      secret: STRIPE_SECRET,
    });
    const id = created.body.id as string;
    const missing = await api('POST', `/v1/inbound-sources/${id}/rotate-secret`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('secret');

    const rotated = await api('POST', `/v1/inbound-sources/${id}/rotate-secret`, {
      secret: 'whsec_the_new_one_abcdefghij',
      overlap_seconds: 3600,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toBe('whsec_the_new_one_abcdefghij');
    const expiresAt = Date.parse(rotated.body.previous_secret_expires_at);
    expect(expiresAt - Date.now()).toBeGreaterThan(3500_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(3600_000);
    expect((await api('GET', `/v1/inbound-sources/${id}`)).body.previous_secret_expires_at).toBe(
      rotated.body.previous_secret_expires_at,
    );
    const row = await db.inboundSource.findUniqueOrThrow({ where: { id } });
    expect(row.previousSecret).toMatch(/^v1:/);
    expect(row.previousSecret).not.toContain(STRIPE_SECRET);
  });

  it("needs the inbound:manage scope and never shows another organization's sources", async () => {
    const created = await api('POST', '/v1/inbound-sources', { name: 'private-one', scheme: 'github' });
    expect((await api('GET', '/v1/inbound-sources', undefined, readOnlyKey)).status).toBe(403);
    expect((await callApi(herald.url, 'GET', '/v1/inbound-sources')).status).toBe(401);
    for (const [method, path] of [
      ['GET', `/v1/inbound-sources/${created.body.id}`],
      ['PATCH', `/v1/inbound-sources/${created.body.id}`],
      ['DELETE', `/v1/inbound-sources/${created.body.id}`],
      ['POST', `/v1/inbound-sources/${created.body.id}/rotate-secret`],
    ]) {
      expect(
        (await api(method, path, method === 'PATCH' ? { active: false } : method === 'POST' ? {} : undefined, otherKey))
          .status,
      ).toBe(404);
    }
    const theirs = await api('GET', '/v1/inbound-sources', undefined, otherKey);
    expect(theirs.body.sources.map((source: { id: string }) => source.id)).not.toContain(created.body.id);
  });

  it('pages the list with a cursor', async () => {
    const first = await api('GET', '/v1/inbound-sources?limit=2');
    expect(first.body.sources).toHaveLength(2);
    expect(first.body.next_cursor).toBe(first.body.sources[1].id);
    const second = await api('GET', `/v1/inbound-sources?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.sources[0].id > first.body.sources[1].id).toBe(true);
  });
});
