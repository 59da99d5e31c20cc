import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, seedOrganization, startTestApp, type TestApp } from '@herald/app-testing';
import { notificationsApp } from '../src/notifications.app';
import { waitForChannel } from './support/notifications-harness';

describe('without provider keys', () => {
  let app: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-outbox-'));
    app = await startTestApp(notificationsApp, { DATA_DIR: dataDir });
  });

  afterAll(() => app.close());

  it('writes email and SMS to the outbox as files a developer can open', async () => {
    const { keys } = await seedOrganization(app.app, {
      manage: ['notifications:manage'],
      send: ['notifications:send'],
    });
    const call = (method: string, path: string, body: unknown, token: string) =>
      callApi(app.url, method, path, { token, body });
    await call('PUT', '/v1/users/dev', { email: 'dev@example.com', phone: '+15551234567' }, keys['manage']);
    await call(
      'POST',
      '/v1/templates',
      {
        key: 'welcome',
        category: 'onboarding',
        channels: {
          email: {
            subject: 'Welcome {{name}}',
            mjml: '<mj-section><mj-column><mj-text>Hi {{name}}</mj-text></mj-column></mj-section>',
          },
          sms: { body: 'Welcome {{name}}' },
        },
      },
      keys['manage'],
    );
    const accepted = await call(
      'POST',
      '/v1/notifications',
      { user_id: 'dev', template: 'welcome', data: { name: 'Dev' } },
      keys['send'],
    );
    const harness = { app, sendKey: keys['send'] };
    await waitForChannel(harness, accepted.body.id, 'email', (step) => step.status === 'sent');
    const status = await waitForChannel(harness, accepted.body.id, 'sms', (step) => step.status === 'sent');
    const email = await readFile(status.channels.email.provider_response.outbox, 'utf8');
    expect(status.channels.email.provider_response.outbox).toContain(join(dataDir, 'outbox'));
    expect(email).toContain('Subject: Welcome Dev');
    expect(email).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(email).toContain('Content-Type: text/html');
    expect(await readFile(status.channels.sms.provider_response.outbox, 'utf8')).toContain('Welcome Dev');
  });
});
