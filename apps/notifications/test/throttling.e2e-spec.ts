import { callApi, startTestApp, type TestApp } from '@herald/app-testing';
import { eventually } from '@herald/testing';
import { notificationsApp } from '../src/notifications.app';
import { type Harness, startHarness } from './support/notifications-harness';

/** Two replicas on one database and one NATS: limits hold across both. */
describe('throttling and digests across two app instances', () => {
  let harness: Harness;
  let second: TestApp;
  const instances = () => [harness.app, second];

  const api = (app: TestApp, method: string, path: string, body?: unknown, token = harness.manageKey) =>
    callApi(app.url, method, path, { token, body });

  beforeAll(async () => {
    harness = await startHarness();
    second = await startTestApp(notificationsApp, harness.env);
    await api(harness.app, 'POST', '/v1/templates', {
      key: 'login-alert',
      category: 'security',
      channels: { in_app: { title: 'New sign-in', body: 'From {{city}}' } },
      throttle: { limit: 2, window_seconds: 3600 },
    });
    await api(harness.app, 'POST', '/v1/templates', {
      key: 'invoice-paid',
      category: 'billing',
      channels: {
        in_app: {
          title:
            '{{#if digest}}{{digest.count}} {{plural digest.count "invoice was" "invoices were"}} paid{{else}}Invoice {{number}} paid{{/if}}',
          body: '{{#each digest.items}}{{number}} {{/each}}',
        },
      },
      throttle: { limit: 1, window_seconds: 3600 },
      digest: { window_seconds: 2 },
    });
  });

  afterAll(async () => {
    await second.close();
    await harness.close();
  });

  async function sendFromBoth(
    userId: string,
    template: string,
    data: (index: number) => Record<string, unknown>,
    count: number,
  ) {
    await api(harness.app, 'PUT', `/v1/users/${userId}`, {});
    const answers = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        api(
          instances()[index % 2],
          'POST',
          '/v1/notifications',
          { user_id: userId, template, data: data(index) },
          harness.sendKey,
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(count).fill(202));
    return Promise.all(
      answers.map((answer) =>
        eventually(async () => {
          const status = await api(
            harness.app,
            'GET',
            `/v1/notifications/${answer.body.id}`,
            undefined,
            harness.sendKey,
          );
          const step = status.body.channels?.in_app;
          return step && step.status !== 'queued' ? step : undefined;
        }),
      ),
    );
  }

  it('lets the limit through and skips the rest as throttled', async () => {
    const steps = await sendFromBoth('throttled-user', 'login-alert', (index) => ({ city: `City ${index}` }), 6);
    expect(steps.filter((step) => step.status === 'delivered')).toHaveLength(2);
    expect(steps.filter((step) => step.status === 'skipped').map((step) => step.reason)).toEqual(
      Array(4).fill('throttled'),
    );
    const inbox = await api(harness.app, 'GET', '/v1/users/throttled-user/inbox');
    expect(inbox.body.messages).toHaveLength(2);
  });

  it('folds what is over the limit into one digest sent when its window closes', async () => {
    const steps = await sendFromBoth('digest-user', 'invoice-paid', (index) => ({ number: `INV-${index}` }), 4);
    expect(steps.filter((step) => step.status === 'delivered')).toHaveLength(1);
    expect(steps.filter((step) => step.status === 'skipped').map((step) => step.reason)).toEqual(
      Array(3).fill('digested'),
    );
    const inbox = await eventually(
      async () => {
        const answer = await api(second, 'GET', '/v1/users/digest-user/inbox');
        return answer.body.messages.length === 2 ? answer.body : undefined;
      },
      { timeoutMs: 10_000, description: 'the digest to arrive' },
    );
    const [digest, single] = inbox.messages;
    expect(single.title).toMatch(/^Invoice INV-\d paid$/);
    expect(digest.title).toBe('3 invoices were paid');
    const folded = single.title.split(' ')[1];
    expect(digest.body.trim().split(' ').sort()).toEqual(
      ['INV-0', 'INV-1', 'INV-2', 'INV-3'].filter((n) => n !== folded),
    );
  });
});
