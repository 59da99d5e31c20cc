import { CpuTimeMeter } from '../cpu-time';
import { forEachConcurrently, HeraldApiError } from '../herald-api';
import { preciseNow, round } from '../stats';
import { type BenchContext, measuredProcesses, type ScenarioHooks, STALL_MS } from './bench-context';

export type NotificationsResult =
  | { available: false; reason: string }
  | {
      available: true;
      notifications: number;
      /** Emails the fake SendGrid accepted. */
      emails: number;
      /** Accepted emails whose body carries HTML rendered from the MJML template. */
      rendered_html: number;
      seconds: number;
      per_second: number;
      /** CPU time (user + system) each app, the receiver, nats-server, Postgres and the bench spent per email (ms). */
      cpu_ms_per_email: Record<string, number>;
    };

const TEMPLATE_KEY = 'bench-receipt';
const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text font-size="20px">Thank you, {{name}}</mj-text>
<mj-text>We received your payment of {{amount}} EUR for invoice {{invoice}}.</mj-text>
<mj-button href="https://example.com/invoices/{{invoice}}">View the invoice</mj-button>
</mj-column></mj-section></mj-body></mjml>`;
/** Requests in flight: enough that the API, not this loop, bounds the rate (32 left the app mostly idle). */
const SUBMIT_CONCURRENCY = 256;

/**
 * Emails rendered (MJML template) and handed to the fake SendGrid per second, through docs/design.md's
 * API: a template, one user per notification (so no throttling applies), `POST /v1/notifications`.
 * The notifications app may not serve that API yet: a route that answers 404 makes the scenario
 * "not available", with the reason, instead of a failure.
 */
export async function runNotifications(context: BenchContext, hooks: ScenarioHooks = {}): Promise<NotificationsResult> {
  try {
    return await measureNotifications(context, hooks);
  } catch (error) {
    if (error instanceof NotAvailableError) return { available: false, reason: error.message };
    if (error instanceof HeraldApiError && error.status === 404) {
      return {
        available: false,
        reason: `${error.method} ${error.path} answered 404: the notifications API is not there yet`,
      };
    }
    throw error;
  }
}

async function measureNotifications(context: BenchContext, hooks: ScenarioHooks): Promise<NotificationsResult> {
  const api = context.notificationsApi;
  const org = await context.createOrg('bench notifications');
  await api.post('/v1/templates', org.key, {
    key: TEMPLATE_KEY,
    category: 'billing',
    channels: { email: { subject: 'Payment received: {{amount}} EUR', mjml: MJML, text: 'Thank you, {{name}}' } },
  });
  const count = context.options.notifications;
  const userId = (index: number) => `bench_user_${index}`;
  await forEachConcurrently(count, 16, (index) =>
    api.put(`/v1/users/${userId(index)}`, org.key, { email: `user${index}@example.com` }),
  );
  const sentBefore = context.sendGrid.sent.length;
  const cpu = new CpuTimeMeter(await measuredProcesses(context));
  hooks.before?.();
  const started = preciseNow();
  await forEachConcurrently(count, SUBMIT_CONCURRENCY, (index) =>
    api.post('/v1/notifications', org.key, {
      user_id: userId(index),
      template: TEMPLATE_KEY,
      data: { name: `User ${index}`, amount: 42 + index, invoice: `inv_${index}` },
      channels: ['email'],
      idempotency_key: `bench-${index}`,
    }),
  );
  await waitForEmails(context, sentBefore + count);
  hooks.after?.();
  const cpuPerEmail = cpu.perUnit(count, await measuredProcesses(context));
  const emails = context.sendGrid.sent.slice(sentBefore);
  const seconds = (emails[emails.length - 1].at - started) / 1000;
  return {
    available: true,
    notifications: count,
    emails: emails.length,
    rendered_html: emails.filter((email) => email.body.includes('text/html') && email.body.includes('Thank you'))
      .length,
    seconds: round(seconds, 2),
    per_second: round(count / seconds),
    cpu_ms_per_email: cpuPerEmail,
  };
}

async function waitForEmails(context: BenchContext, target: number): Promise<void> {
  let seen = context.sendGrid.sent.length;
  let lastProgress = Date.now();
  while (context.sendGrid.sent.length < target) {
    if (context.sendGrid.sent.length !== seen) {
      seen = context.sendGrid.sent.length;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > STALL_MS) {
      if (seen === 0) {
        throw new NotAvailableError(
          `no email reached the fake SendGrid within ${STALL_MS} ms (SENDGRID_API_URL not supported yet?)`,
        );
      }
      throw new Error(`notifications: ${seen} of ${target} emails, nothing new for ${STALL_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

class NotAvailableError extends Error {}
