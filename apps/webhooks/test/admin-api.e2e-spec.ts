import { createHash } from 'node:crypto';
import type { PrismaClient } from '@herald/database';
import { callApi, startTestApp, type TestApp, testDatabaseClient } from '@herald/app-testing';
import { eventually } from '@herald/testing';
import { webhooksApp } from '../src/webhooks.app';

const adminToken = () => process.env['ADMIN_TOKEN'] as string;

describe('admin API (organizations and API keys)', () => {
  let herald: TestApp;
  let db: PrismaClient;

  beforeAll(async () => {
    herald = await startTestApp(webhooksApp);
    db = testDatabaseClient();
  });

  afterAll(async () => {
    await db.$disconnect();
    await herald.close();
  });

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    callApi(herald.url, method, path, { token, body });

  const createOrg = async (name: string) =>
    (await call('POST', '/v1/orgs', adminToken(), { name })).body as { id: string };

  it('creates an organization with the admin token', async () => {
    const response = await call('POST', '/v1/orgs', adminToken(), { name: 'Acme' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^org_/), name: 'Acme', created_at: expect.any(String) });
  });

  it('refuses the admin API without the admin token', async () => {
    expect((await call('POST', '/v1/orgs', undefined, { name: 'Acme' })).status).toBe(401);
    expect((await call('POST', '/v1/orgs', 'not-the-token', { name: 'Acme' })).status).toBe(401);
  });

  it('answers 400 naming the field for a bad body, and for malformed JSON', async () => {
    const missing = await call('POST', '/v1/orgs', adminToken(), {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('name');
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));

    const extra = await call('POST', '/v1/orgs', adminToken(), { name: 'Acme', plan: 'gold' });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('plan');

    const malformed = await call('POST', '/v1/orgs', adminToken(), '{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/JSON/);

    const huge = await call('POST', '/v1/orgs', adminToken(), { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('issues an API key once and stores only its hash', async () => {
    const org = await createOrg('Keys Inc.');
    const response = await call('POST', `/v1/orgs/${org.id}/api-keys`, adminToken(), { scopes: ['webhooks:manage'] });
    expect(response.status).toBe(201);
    const { id, key, scopes } = response.body;
    expect(key).toMatch(/^hrld_/);
    expect(scopes).toEqual(['webhooks:manage']);

    const stored = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(stored.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await call('GET', `/v1/orgs/${org.id}/api-keys`, adminToken());
    expect(listed.body).toEqual([
      expect.objectContaining({ id, prefix: key.slice(0, 12), scopes: ['webhooks:manage'] }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
  });

  it('refuses unknown scopes, naming the field', async () => {
    const org = await createOrg('Scopes Inc.');
    const response = await call('POST', `/v1/orgs/${org.id}/api-keys`, adminToken(), { scopes: ['root'] });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('scopes');
  });

  it('answers 404 for an organization that does not exist', async () => {
    const response = await call('POST', '/v1/orgs/org_missing/api-keys', adminToken(), { scopes: ['admin'] });
    expect(response.status).toBe(404);
  });

  it("confines an organization's admin key to its own organization: a foreign id is a 404", async () => {
    const mine = await createOrg('Mine');
    const theirs = await createOrg('Theirs');
    const adminKey = (await call('POST', `/v1/orgs/${mine.id}/api-keys`, adminToken(), { scopes: ['admin'] })).body.key;

    const own = await call('POST', `/v1/orgs/${mine.id}/api-keys`, adminKey, { scopes: ['webhooks:read'] });
    expect(own.status).toBe(201);
    const foreign = await call('POST', `/v1/orgs/${theirs.id}/api-keys`, adminKey, { scopes: ['webhooks:read'] });
    const missing = await call('POST', '/v1/orgs/org_missing/api-keys', adminKey, { scopes: ['webhooks:read'] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe(missing.body.message.replace('org_missing', theirs.id));
    expect((await call('GET', `/v1/orgs/${theirs.id}/api-keys`, adminKey)).status).toBe(404);
    expect((await call('POST', '/v1/orgs', adminKey, { name: 'Nope' })).status).toBe(403);
  });

  it('refuses a key without the admin scope, and a revoked key', async () => {
    const org = await createOrg('Revoked');
    const readKey = (await call('POST', `/v1/orgs/${org.id}/api-keys`, adminToken(), { scopes: ['webhooks:read'] }))
      .body;
    expect((await call('GET', `/v1/orgs/${org.id}/api-keys`, readKey.key)).status).toBe(403);

    const adminKey = (await call('POST', `/v1/orgs/${org.id}/api-keys`, adminToken(), { scopes: ['admin'] })).body;
    expect((await call('GET', `/v1/orgs/${org.id}/api-keys`, adminKey.key)).status).toBe(200);
    expect((await call('DELETE', `/v1/orgs/${org.id}/api-keys/${adminKey.id}`, adminToken())).status).toBe(204);
    expect((await call('GET', `/v1/orgs/${org.id}/api-keys`, adminKey.key)).status).toBe(401);
  });

  it('refuses a revoked key on another replica within moments, not when its cached copy expires', async () => {
    const replica = await startTestApp(webhooksApp);
    try {
      const org = await createOrg('Revoked elsewhere');
      const key = (await call('POST', `/v1/orgs/${org.id}/api-keys`, adminToken(), { scopes: ['webhooks:read'] })).body;
      const onReplica = () => callApi(replica.url, 'GET', '/v1/webhooks', { token: key.key });
      expect((await onReplica()).status).toBe(200);

      expect((await call('DELETE', `/v1/orgs/${org.id}/api-keys/${key.id}`, adminToken())).status).toBe(204);

      await eventually(async () => ((await onReplica()).status === 401 ? true : undefined), {
        timeoutMs: 3_000,
        description: 'the other replica to refuse the revoked key (its cached copy would last 10 s)',
      });
    } finally {
      await replica.close();
    }
  });
});
