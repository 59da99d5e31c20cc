import { callApi, seedOrganization, startTestApp, type TestApp } from '@herald/app-testing';
import { eventually } from '@herald/testing';
import { EndpointDirectory } from '../src/endpoints/endpoint-directory';
import { webhooksApp } from '../src/webhooks.app';

/** Two replicas: a change made through one reaches the other's cached endpoint lookup well before the cache expires. */
describe('endpoint lookups cached per replica', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    [first, second] = await Promise.all([
      startTestApp(webhooksApp, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }),
      startTestApp(webhooksApp, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('sees an endpoint created, changed, rotated, disabled and deleted on another replica within moments', async () => {
    const org = await seedOrganization(first.app, { manage: ['webhooks:manage'] }, 'Replicated');
    const token = org.keys['manage'];
    const directory = second.app.get(EndpointDirectory);
    const subscribedOnSecond = (type: string) => directory.subscribedTo(org.orgId, type);
    const within = { timeoutMs: 5_000, description: 'the second replica to see the change' };
    expect(await subscribedOnSecond('invoice.paid')).toEqual([]);

    const created = await callApi(first.url, 'POST', '/v1/webhooks', {
      token,
      body: { url: 'http://127.0.0.1:9/hook', events: ['invoice.paid'] },
    });
    const id = created.body.id as string;
    await eventually(async () => ((await subscribedOnSecond('invoice.paid')).includes(id) ? true : undefined), within);

    await callApi(first.url, 'PATCH', `/v1/webhooks/${id}`, { token, body: { events: ['project.created'] } });
    await eventually(
      async () => ((await subscribedOnSecond('project.created')).includes(id) ? true : undefined),
      within,
    );
    expect(await subscribedOnSecond('invoice.paid')).toEqual([]);

    const onSecond = () => directory.activeEndpoint(org.orgId, id);
    await callApi(first.url, 'PATCH', `/v1/webhooks/${id}`, { token, body: { url: 'http://127.0.0.1:9/moved' } });
    await eventually(async () => ((await onSecond())?.url === 'http://127.0.0.1:9/moved' ? true : undefined), within);
    const sealedBefore = (await onSecond())?.secret;
    expect(sealedBefore).toEqual(expect.any(String));
    await callApi(first.url, 'POST', `/v1/webhooks/${id}/rotate-secret`, { token });
    await eventually(async () => ((await onSecond())?.previousSecret === sealedBefore ? true : undefined), within);

    await callApi(first.url, 'PATCH', `/v1/webhooks/${id}`, { token, body: { active: false } });
    await eventually(
      async () => ((await subscribedOnSecond('project.created')).length === 0 ? true : undefined),
      within,
    );
    expect(await onSecond()).toBeUndefined();

    await callApi(first.url, 'PATCH', `/v1/webhooks/${id}`, { token, body: { active: true } });
    await eventually(
      async () => ((await subscribedOnSecond('project.created')).includes(id) ? true : undefined),
      within,
    );
    await callApi(first.url, 'DELETE', `/v1/webhooks/${id}`, { token });
    await eventually(
      async () => ((await subscribedOnSecond('project.created')).length === 0 ? true : undefined),
      within,
    );
  });
});
