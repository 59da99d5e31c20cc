import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { callApi, seedOrganization, startTestApp, type TestApp } from '@herald/app-testing';
import { eventually } from '@herald/testing';
import { notificationsApp } from '../../src/notifications.app';
import { ProviderFakes } from './provider-fakes';

export const PUBLIC_URL = 'https://herald.test';
export const TWILIO_AUTH_TOKEN = 'twilio-test-auth-token';
/** Generous: the fakes share the event loop of the app under test, on a busy machine. */
export const PROVIDER_TIMEOUT_MS = 5000;

/** The env that points the real SDKs at the fakes, and signs/verifies callbacks with test keys. */
export function providerEnvironment(fakesUrl: string, sendgridKey: KeyObject): Record<string, string> {
  return {
    SENDGRID_API_KEY: 'SG.test-key',
    SENDGRID_API_URL: fakesUrl,
    SENDGRID_FROM: 'Herald <notify@herald.test>',
    SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKey.export({ type: 'spki', format: 'pem' }).toString(),
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_URL: fakesUrl,
    NOTIFICATIONS_PUBLIC_URL: PUBLIC_URL,
    NOTIFICATIONS_RETRY_SCHEDULE: '200ms,400ms',
    NOTIFICATIONS_PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
    DISCORD_WEBHOOK_HOSTS: '127.0.0.1',
  };
}

export type Harness = {
  fakes: ProviderFakes;
  app: TestApp;
  orgId: string;
  manageKey: string;
  sendKey: string;
  sendgridPrivateKey: KeyObject;
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function startHarness(): Promise<Harness> {
  const fakes = new ProviderFakes();
  await fakes.start();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const env = providerEnvironment(fakes.url, publicKey);
  const app = await startTestApp(notificationsApp, env);
  const org = await seedOrganization(app.app, {
    manage: ['notifications:manage'],
    send: ['notifications:send'],
  });
  return {
    fakes,
    app,
    env,
    orgId: org.orgId,
    manageKey: org.keys['manage'],
    sendKey: org.keys['send'],
    sendgridPrivateKey: privateKey,
    async close() {
      await app.close();
      await fakes.stop();
    },
  };
}

/** What SendGrid's event webhook sends: ECDSA P-256 over timestamp + body, base64 DER. */
export function sendgridSignature(privateKey: KeyObject, body: string, timestamp: string): string {
  return sign('sha256', Buffer.from(timestamp + body), privateKey).toString('base64');
}

export async function waitForChannel(
  harness: Pick<Harness, 'app' | 'sendKey'>,
  id: string,
  channel: string,
  accept: (step: { status: string; reason: string | null }) => boolean,
  timeoutMs = 10_000,
) {
  return eventually(
    async () => {
      const answer = await callApi(harness.app.url, 'GET', `/v1/notifications/${id}`, { token: harness.sendKey });
      const step = answer.body?.channels?.[channel];
      return step && accept(step) ? answer.body : undefined;
    },
    { timeoutMs, description: `notification ${id}: ${channel} to settle` },
  );
}
