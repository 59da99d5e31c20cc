import { callApi, seedOrganization, startTestApp, type TestApp } from '@herald/app-testing';
import { eventually } from '@herald/testing';
import { notificationsApp } from '../src/notifications.app';
import { RuleDirectory } from '../src/rules/rule-directory';
import { TemplatesService } from '../src/templates/templates.service';

/** Two replicas: rules and templates changed through one reach the other's cached lookups well before they expire. */
describe('rule and template lookups cached per replica', () => {
  let first: TestApp;
  let second: TestApp;
  let orgId: string;
  let token: string;
  const within = { timeoutMs: 5_000, description: 'the second replica to see the change' };

  beforeAll(async () => {
    [first, second] = await Promise.all([startTestApp(notificationsApp), startTestApp(notificationsApp)]);
    const org = await seedOrganization(first.app, { manage: ['notifications:manage'] }, 'Replicated');
    orgId = org.orgId;
    token = org.keys['manage'];
    const template = await callApi(first.url, 'POST', '/v1/templates', {
      token,
      body: { key: 'welcome', category: 'account', channels: { in_app: { title: 'Hello', body: 'v1' } } },
    });
    expect(template.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('honours a rule created and deleted on another replica within moments', async () => {
    const rules = second.app.get(RuleDirectory);
    const ruleIdsOnSecond = async () => (await rules.forEvent(orgId, 'user.created')).map((rule) => rule.id);
    expect(await ruleIdsOnSecond()).toEqual([]);

    const created = await callApi(first.url, 'POST', '/v1/rules', {
      token,
      body: { event_type: 'user.created', template: 'welcome', recipient: 'data.user_id' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => ((await ruleIdsOnSecond()).includes(id) ? true : undefined), within);

    await callApi(first.url, 'DELETE', `/v1/rules/${id}`, { token });
    await eventually(async () => ((await ruleIdsOnSecond()).length === 0 ? true : undefined), within);
  });

  it('resolves a template version made on another replica within moments', async () => {
    const templates = second.app.get(TemplatesService);
    expect((await templates.resolve(orgId, 'welcome'))?.version).toBe(1);

    const updated = await callApi(first.url, 'PUT', '/v1/templates/welcome', {
      token,
      body: { category: 'account', channels: { in_app: { title: 'Hello', body: 'v2' } } },
    });
    expect(updated.status).toBe(200);

    await eventually(
      async () => ((await templates.resolve(orgId, 'welcome'))?.version === 2 ? true : undefined),
      within,
    );
    expect((await templates.resolve(orgId, 'welcome', 1))?.version).toBe(1);
  });

  it('knows a template created on another replica at once', async () => {
    const templates = second.app.get(TemplatesService);
    expect(await templates.resolve(orgId, 'farewell')).toBeNull();

    await callApi(first.url, 'POST', '/v1/templates', {
      token,
      body: { key: 'farewell', category: 'account', channels: { in_app: { title: 'Bye', body: 'bye' } } },
    });

    await eventually(async () => ((await templates.resolve(orgId, 'farewell')) ? true : undefined), within);
  });
});
