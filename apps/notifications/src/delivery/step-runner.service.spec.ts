import type { HeraldConfig } from '@herald/config';
import type { NotificationRecipient } from '@herald/database';
import type { SendResult } from '../channels/send-result';
import { TemplateRenderer } from '../templates/template-renderer';
import type { TemplateVersionView } from '../templates/template-content';
import type { StepWithNotification } from './delivery.repository';
import { StepRunner } from './step-runner.service';

const template: TemplateVersionView = {
  versionId: 'tpv_1',
  key: 'welcome',
  version: 1,
  category: 'onboarding',
  source: { channels: { sms: { body: 'Hi {{name}}' } }, locales: {}, sample_data: {} },
  compiledHtml: {},
  throttle: null,
  digest: null,
};

const recipient = { orgId: 'org_1', userId: 'ada', phone: '+15551234567', locale: null } as NotificationRecipient;

function stepWith(fields: Partial<StepWithNotification>): StepWithNotification {
  return {
    id: 'stp_1',
    orgId: 'org_1',
    userId: 'ada',
    channel: 'sms',
    status: 'queued',
    attempts: 0,
    notBefore: null,
    notification: { id: 'ntf_1', orgId: 'org_1', templateKey: 'welcome', templateVersion: 1, data: { name: 'Ada' } },
    ...fields,
  } as StepWithNotification;
}

function runnerFor(step: StepWithNotification, answers: SendResult[]) {
  const sent: string[] = [];
  const advanced: { status: string; fields: Record<string, unknown> }[] = [];
  const repository = {
    advance: async (_id: string, status: string, fields: Record<string, unknown>) => {
      advanced.push({ status, fields });
      return true;
    },
    recordAttempt: async () => undefined,
  };
  const store = {
    claim: async () => ({ step, recipient, leased: step.status === 'queued' }),
    recordSent: async ({ status, ...fields }: { status: string }) => {
      advanced.push({ status, fields });
    },
  };
  const sms = {
    send: async (_id: string, _to: string, body: string) => {
      sent.push(body);
      return answers[Math.min(sent.length - 1, answers.length - 1)];
    },
  };
  const config = { notifications: { retryScheduleMs: [1000, 5000], providerTimeoutMs: 1000 } } as HeraldConfig;
  const ignored = {} as never;
  const runner = new StepRunner(
    config,
    repository as never,
    store as never,
    { resolve: async () => template } as never,
    new TemplateRenderer(),
    ignored,
    ignored,
    sms as never,
    ignored,
    ignored,
    ignored,
    { step: () => undefined, attempt: () => undefined } as never,
  );
  return { runner, sent, advanced };
}

describe('StepRunner', () => {
  it('waits out quiet hours without sending, then sends once they are over', async () => {
    const waiting = runnerFor(stepWith({ notBefore: new Date(Date.now() + 30 * 60_000) }), []);
    const outcome = await waiting.runner.run('stp_1');
    expect(outcome).toMatchObject({ kind: 'retry' });
    expect((outcome as { delayMs: number }).delayMs).toBeGreaterThan(29 * 60_000);
    expect(waiting.sent).toEqual([]);

    const due = runnerFor(stepWith({ notBefore: new Date(Date.now() - 1000) }), [
      { outcome: 'sent', providerMessageId: 'SM1', response: { status: 201 } },
    ]);
    expect(await due.runner.run('stp_1')).toBeUndefined();
    expect(due.sent).toEqual(['Hi Ada']);
    expect(due.advanced).toEqual([
      expect.objectContaining({ status: 'sent', fields: expect.objectContaining({ providerMessageId: 'SM1' }) }),
    ]);
  });

  it('retries after the scheduled delay, or the provider’s longer retry-after', async () => {
    const { runner } = runnerFor(stepWith({}), [{ outcome: 'retry', response: { status: 503 } }]);
    expect(await runner.run('stp_1')).toMatchObject({ kind: 'retry', delayMs: 1000 });
    const limited = runnerFor(stepWith({ attempts: 1 }), [
      { outcome: 'retry', response: { status: 429 }, retryAfterMs: 9000 },
    ]);
    expect(await limited.runner.run('stp_1')).toMatchObject({ kind: 'retry', delayMs: 9000 });
  });

  it('fails for good after the last attempt, and at once on a rejection', async () => {
    const exhausted = runnerFor(stepWith({ attempts: 2 }), [{ outcome: 'retry', response: { status: 503 } }]);
    expect(await exhausted.runner.run('stp_1')).toBeUndefined();
    expect(exhausted.advanced[0]).toMatchObject({
      status: 'failed',
      fields: { reason: 'retries_exhausted', attempts: 3 },
    });
    const rejected = runnerFor(stepWith({}), [{ outcome: 'failed', response: { status: 400 } }]);
    await rejected.runner.run('stp_1');
    expect(rejected.advanced[0]).toMatchObject({
      status: 'failed',
      fields: { reason: 'provider_rejected', attempts: 1 },
    });
  });

  it('does nothing for a step that is no longer queued', async () => {
    const done = runnerFor(stepWith({ status: 'delivered' }), []);
    expect(await done.runner.run('stp_1')).toBeUndefined();
    expect(done.sent).toEqual([]);
    expect(done.advanced).toEqual([]);
  });
});
