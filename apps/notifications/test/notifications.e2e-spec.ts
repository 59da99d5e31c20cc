import twilio from 'twilio';
import { callApi, seedOrganization, testDatabaseClient } from '@herald/app-testing';
import { EventPublisher } from '@herald/events';
import { JetStreamPublisher } from '@herald/jetstream';
import { eventually } from '@herald/testing';
import {
  type Harness,
  PROVIDER_TIMEOUT_MS,
  PUBLIC_URL,
  sendgridSignature,
  startHarness,
  TWILIO_AUTH_TOKEN,
  waitForChannel,
} from './support/notifications-harness';

const INVOICE_TEMPLATE = {
  key: 'invoice-paid',
  category: 'billing',
  channels: {
    email: {
      subject: 'Invoice {{invoice.number}} paid by {{customer}}',
      mjml: `<mj-section><mj-column>
  <mj-text>Hello {{customer}}, we received {{invoice.amount}}.</mj-text>
  <mj-button href="{{safe_url invoice.url}}">View invoice</mj-button>
</mj-column></mj-section>`,
    },
    sms: { body: 'Invoice {{invoice.number}} paid: {{invoice.amount}} by {{customer}}' },
    discord: {
      content: 'Invoice **{{invoice.number}}** paid by {{customer}}',
      embeds: [{ title: 'Invoice {{invoice.number}}', fields: [{ name: 'Amount', value: '{{invoice.amount}}' }] }],
    },
    in_app: { title: 'Invoice {{invoice.number}} paid', body: '{{customer}} paid {{invoice.amount}}' },
  },
  locales: { fr: { sms: { body: 'Facture {{invoice.number}} payée' } } },
  sample_data: { customer: 'Ada', invoice: { number: 'INV-1', amount: '€10.00', url: 'https://example.com/i/1' } },
};

const DATA = {
  customer: '<script>alert("x")</script> & Co',
  invoice: { number: 'INV-7', amount: '€42.00', url: 'javascript:alert(1)' },
};

describe('notifications: templates, four channels, preferences, tracking', () => {
  let harness: Harness;
  let discordPath: string;

  const api = (method: string, path: string, body?: unknown, token = harness.manageKey) =>
    callApi(harness.app.url, method, path, { token, body });
  const send = (body: Record<string, unknown>) => api('POST', '/v1/notifications', body, harness.sendKey);

  async function recipient(userId: string, fields: Record<string, unknown> = {}) {
    discordPath = `/api/webhooks/1/${userId}`;
    const answer = await api('PUT', `/v1/users/${userId}`, {
      email: `${userId}@example.com`,
      phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      discord_webhook_url: `${harness.fakes.url}${discordPath}`,
      ...fields,
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function sendAndSettle(body: Record<string, unknown>, channel: string) {
    const accepted = await send(body);
    expect(accepted.status).toBe(202);
    return waitForChannel(harness, accepted.body.id, channel, (step) => step.status !== 'queued');
  }

  beforeAll(async () => {
    harness = await startHarness();
    const created = await api('POST', '/v1/templates', INVOICE_TEMPLATE);
    expect(created.status).toBe(201);
  });

  afterAll(() => harness.close());

  describe('recipients and templates', () => {
    it('refuses bad addresses, naming the field', async () => {
      const phone = await api('PUT', '/v1/users/u1', { phone: '07700 900123' });
      expect(phone.status).toBe(400);
      expect(phone.body.errors[0].field).toBe('phone');
      const discord = await api('PUT', '/v1/users/u1', {
        discord_webhook_url: 'https://evil.example/api/webhooks/1/x',
      });
      expect(discord.body.errors[0].field).toBe('discord_webhook_url');
      const zone = await api('PUT', '/v1/users/u1', { timezone: 'Mars/Olympus' });
      expect(zone.body.errors[0].field).toBe('timezone');
    });

    it('stores a recipient without showing the Discord URL, and preferences per channel and category', async () => {
      const stored = await recipient('prefs-user', { locale: 'fr-CA', timezone: 'Europe/Paris' });
      expect(stored).toMatchObject({ user_id: 'prefs-user', discord: true, locale: 'fr-CA' });
      expect(JSON.stringify(stored)).not.toContain('/api/webhooks');
      const put = await api('PUT', '/v1/users/prefs-user/preferences', {
        channels: { sms: false },
        categories: { billing: { sms: true } },
      });
      expect(put.body).toEqual({
        channels: { email: true, sms: false, discord: true, in_app: true },
        categories: { billing: { sms: true } },
      });
      const bad = await api('PUT', '/v1/users/prefs-user/preferences', { channels: { fax: true } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('channels.fax');
      expect((await api('GET', '/v1/users/nobody/preferences')).status).toBe(404);
      expect((await api('DELETE', '/v1/users/prefs-user')).status).toBe(204);
      expect((await api('GET', '/v1/users/prefs-user')).status).toBe(404);
      expect((await api('DELETE', '/v1/users/prefs-user')).status).toBe(404);
    });

    it('refuses a template that does not compile, naming the field and the problem', async () => {
      const base = { key: 'broken', category: 'misc' };
      const mjml = await api('POST', '/v1/templates', {
        ...base,
        channels: { email: { subject: 'Hi', mjml: '<mj-section><mj-column><mj-bogus /></mj-column></mj-section>' } },
      });
      expect(mjml.status).toBe(400);
      expect(mjml.body.errors[0].field).toBe('channels.email.mjml');
      expect(mjml.body.message).toContain('mj-bogus');

      const handlebars = await api('POST', '/v1/templates', {
        ...base,
        channels: { sms: { body: 'Hi {{#if name}}' } },
      });
      expect(handlebars.status).toBe(400);
      expect(handlebars.body.errors[0].field).toBe('channels.sms.body');

      const helper = await api('POST', '/v1/templates', { ...base, channels: { sms: { body: '{{shout name}}' } } });
      expect(helper.body.message).toContain('unknown helper shout');

      const dropped = await api('POST', '/v1/templates', {
        ...base,
        channels: {
          email: {
            subject: 'Hi',
            mjml: '{{#each items}}<mj-section><mj-column><mj-text>{{this}}</mj-text></mj-column></mj-section>{{/each}}',
          },
        },
      });
      expect(dropped.status).toBe(400);
      expect(dropped.body.message).toContain('mj-raw');

      const wrapped = await api('POST', '/v1/templates', {
        ...base,
        channels: {
          email: {
            subject: 'Hi',
            mjml: '<mj-raw>{{#each items}}</mj-raw><mj-section><mj-column><mj-text>{{this}}</mj-text></mj-column></mj-section><mj-raw>{{/each}}</mj-raw>',
          },
        },
      });
      expect(wrapped.status).toBe(201);
    });

    it('previews with sample data, falls back by locale, and versions on PUT', async () => {
      const email = await api('GET', '/v1/templates/invoice-paid/preview?channel=email');
      expect(email.status).toBe(200);
      expect(email.body.subject).toBe('Invoice INV-1 paid by Ada');
      expect(email.body.html).toContain('<!doctype html>');
      expect(email.body.html).toContain('href="https://example.com/i/1"');
      expect(email.body.text).toContain('Hello Ada, we received €10.00.');
      const french = await api('GET', '/v1/templates/invoice-paid/preview?channel=sms&locale=fr-CA');
      expect(french.body.body).toBe('Facture INV-1 payée');
      const german = await api('GET', '/v1/templates/invoice-paid/preview?channel=sms&locale=de');
      expect(german.body.body).toBe('Invoice INV-1 paid: €10.00 by Ada');

      await api('PUT', '/v1/template-partials/signature', { content: '<mj-text>— The team</mj-text>' });
      const v2 = await api('PUT', '/v1/templates/versioned', {
        category: 'misc',
        channels: { in_app: { title: 't', body: 'b' } },
      });
      expect(v2.status).toBe(404);
      await api('POST', '/v1/templates', {
        key: 'versioned',
        category: 'misc',
        channels: { in_app: { title: 'v1', body: 'b' } },
      });
      const next = await api('PUT', '/v1/templates/versioned', {
        category: 'misc',
        channels: {
          email: { subject: 's', mjml: '<mj-section><mj-column>{{> signature}}</mj-column></mj-section>' },
          in_app: { title: 'v2', body: 'b' },
        },
      });
      expect(next.body).toMatchObject({ version: 2, channels: ['email', 'in_app'] });
      expect((await api('GET', '/v1/templates/versioned?version=1')).body.version).toBe(1);
      const partial = await api('GET', '/v1/templates/versioned/preview?channel=email');
      expect(partial.body.html).toContain('— The team');
    });
  });

  describe('sending', () => {
    it('reaches all four channels, rendered and escaped, with a text alternative and unsubscribe headers', async () => {
      const user = await recipient('ada');
      const phone = user.phone as string;
      const accepted = await send({ user_id: 'ada', template: 'invoice-paid', data: DATA });
      expect(accepted.status).toBe(202);
      const status = await waitForChannel(harness, accepted.body.id, 'in_app', (step) => step.status === 'delivered');
      await waitForChannel(harness, accepted.body.id, 'email', (step) => step.status === 'sent');
      const settled = await waitForChannel(harness, accepted.body.id, 'sms', (step) => step.status === 'sent');
      expect(settled).toMatchObject({ template: 'invoice-paid', template_version: 1, category: 'billing' });
      expect(settled.channels.discord.status).toBe('delivered');
      expect(status.channels.in_app.status).toBe('delivered');

      const [mail] = harness.fakes.for('sendgrid', 'ada@example.com');
      expect(mail.headers.authorization).toBe('Bearer SG.test-key');
      expect(mail.json['subject']).toBe('Invoice INV-7 paid by <script>alert("x")</script> & Co');
      const content = mail.json['content'] as { type: string; value: string }[];
      const html = content.find((part) => part.type === 'text/html')?.value ?? '';
      const text = content.find((part) => part.type === 'text/plain')?.value ?? '';
      expect(html).toContain('<!doctype html>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('javascript:');
      expect(text).toContain('Hello <script>alert("x")</script> & Co, we received €42.00.');
      const headers = (mail.json['headers'] ?? {}) as Record<string, string>;
      expect(headers['List-Unsubscribe']).toMatch(new RegExp(`^<${PUBLIC_URL}/v1/unsubscribe/[^>]+>$`));
      expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(html).toContain(headers['List-Unsubscribe'].slice(1, -1));
      expect(mail.json['custom_args']).toMatchObject({ herald_org_id: harness.orgId });

      const [sms] = harness.fakes.for('twilio', phone);
      expect(sms.json).toMatchObject({
        Body: 'Invoice INV-7 paid: €42.00 by <script>alert("x")</script> & Co',
        From: '+15005550006',
        StatusCallback: `${PUBLIC_URL}/v1/providers/twilio/status`,
      });
      const [discord] = harness.fakes.for('discord', discordPath);
      expect(discord.json).toMatchObject({
        content: 'Invoice **INV-7** paid by <script>alert("x")</script> & Co',
        allowed_mentions: { parse: [] },
        embeds: [{ title: 'Invoice INV-7', fields: [{ name: 'Amount', value: '€42.00' }] }],
      });
      const metrics = await (await fetch(`${harness.app.url}/metrics`)).text();
      expect(metrics).toMatch(/herald_notification_steps_total\{[^}]*channel="email"[^}]*status="sent"[^}]*\} [1-9]/);
      expect(metrics).toContain('herald_notification_provider_duration_seconds_bucket');
      const inbox = await api('GET', '/v1/users/ada/inbox');
      expect(inbox.body).toMatchObject({
        unread_count: 1,
        messages: [{ title: 'Invoice INV-7 paid', body: '<script>alert("x")</script> & Co paid €42.00' }],
      });
    });

    it('skips an opted-out channel and category with the reason; critical bypasses; no address is said', async () => {
      await recipient('bob', { phone: undefined });
      await api('PUT', '/v1/users/bob/preferences', {
        channels: { discord: false },
        categories: { billing: { email: false } },
      });
      const normal = await sendAndSettle({ user_id: 'bob', template: 'invoice-paid', data: DATA }, 'in_app');
      const status = await waitForChannel(harness, normal.id, 'in_app', (step) => step.status === 'delivered');
      expect(status.channels).toMatchObject({
        email: { status: 'skipped', reason: 'opted_out' },
        discord: { status: 'skipped', reason: 'opted_out' },
        sms: { status: 'skipped', reason: 'no_address' },
      });
      const critical = await send({ user_id: 'bob', template: 'invoice-paid', data: DATA, critical: true });
      const criticalStatus = await waitForChannel(
        harness,
        critical.body.id,
        'discord',
        (step) => step.status === 'delivered',
      );
      await waitForChannel(harness, critical.body.id, 'email', (step) => step.status === 'sent');
      expect(criticalStatus.channels.sms).toMatchObject({ status: 'skipped', reason: 'no_address' });
      const [criticalMail] = harness.fakes.for('sendgrid', 'bob@example.com');
      expect(criticalMail.json['headers']).toBeUndefined();
    });

    it('sends once per idempotency key', async () => {
      await recipient('carol');
      const body = {
        user_id: 'carol',
        template: 'invoice-paid',
        data: DATA,
        channels: ['email'],
        idempotency_key: 'inv-7',
      };
      const [first, second] = await Promise.all([send(body), send(body)]);
      expect(second.body.id).toBe(first.body.id);
      await waitForChannel(harness, first.body.id, 'email', (step) => step.status === 'sent');
      const third = await send(body);
      expect(third.body).toEqual({ id: first.body.id, status: 'processed' });
      expect(harness.fakes.for('sendgrid', 'carol@example.com')).toHaveLength(1);
      const listed = await api('GET', '/v1/notifications?user_id=carol&limit=5', undefined, harness.sendKey);
      expect(listed.body).toMatchObject({
        notifications: [{ id: first.body.id, channels: { email: { status: 'sent' } } }],
        next_cursor: null,
      });
    });

    it('takes the same request on the notifications.send subject', async () => {
      await recipient('nats-user');
      await harness.app.app
        .get(JetStreamPublisher)
        .publish(
          'notifications.send',
          { org_id: harness.orgId, user_id: 'nats-user', template: 'invoice-paid', data: DATA, channels: ['in_app'] },
          { msgId: 'nats-send-1' },
        );
      const inbox = await eventually(async () => {
        const answer = await api('GET', '/v1/users/nats-user/inbox');
        return answer.body.messages.length > 0 ? answer.body : undefined;
      });
      expect(inbox.messages[0].title).toBe('Invoice INV-7 paid');
    });

    it('records a request it can never handle as rejected, with the reason, instead of redelivering it', async () => {
      const db = testDatabaseClient();
      try {
        const published = await harness.app.app
          .get(JetStreamPublisher)
          .publish('notifications.send', { org_id: harness.orgId, template: 'invoice-paid' }, { msgId: 'poison-1' });
        const rejected = await eventually(() =>
          db.rejectedMessage
            .findFirst({ where: { stream: 'NOTIFICATIONS', sequence: published.seq } })
            .then((row) => row ?? undefined),
        );
        expect(rejected).toMatchObject({ consumer: 'notifications-requests' });
        expect(rejected.reason).toContain('user_id');
      } finally {
        await db.$disconnect();
      }
    });

    it('answers 404 for another organization’s notification, template and recipient', async () => {
      const accepted = await send({ user_id: 'ada', template: 'invoice-paid', channels: ['in_app'], data: DATA });
      const other = await seedOrganization(
        harness.app.app,
        { all: ['notifications:manage', 'notifications:send'] },
        'Other',
      );
      const token = other.keys['all'];
      expect((await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, token)).status).toBe(404);
      expect((await api('GET', '/v1/templates/invoice-paid', undefined, token)).status).toBe(404);
      expect((await api('GET', '/v1/users/ada', undefined, token)).status).toBe(404);
      expect((await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, harness.manageKey)).status).toBe(
        403,
      );
    });

    it('refuses an unknown template and a bad channel', async () => {
      const template = await send({ user_id: 'ada', template: 'nope' });
      expect(template.status).toBe(400);
      expect(template.body.errors[0].field).toBe('template');
      const channel = await send({ user_id: 'ada', template: 'invoice-paid', channels: ['fax'] });
      expect(channel.body.errors[0].field).toBe('channels');
    });
  });

  describe('in-app', () => {
    it('pushes a new message to the event stream within a second', async () => {
      await recipient('sse-user');
      const controller = new AbortController();
      const response = await fetch(`${harness.app.url}/v1/users/sse-user/inbox/stream`, {
        headers: { authorization: `Bearer ${harness.manageKey}` },
        signal: controller.signal,
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await send({ user_id: 'sse-user', template: 'invoice-paid', data: DATA, channels: ['in_app'] });
      let received = '';
      while (!received.includes('"title"')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += Buffer.from(value).toString();
      }
      const receivedAt = Date.now();
      controller.abort();
      expect(received).toContain('event: message');
      const data = JSON.parse(/^data: (.*)$/m.exec(received)?.[1] ?? '{}');
      expect(data.title).toBe('Invoice INV-7 paid');
      // From the moment the message was stored to the moment the stream delivered it.
      expect(receivedAt - Date.parse(data.created_at)).toBeLessThan(1000);
    });

    it('serves a user’s own inbox and event stream to a browser holding an inbox token', async () => {
      await recipient('browser-user');
      const issued = await api('POST', '/v1/users/browser-user/inbox-token', { ttl_seconds: 600 });
      expect(issued.status).toBe(201);
      const token = issued.body.token as string;
      expect(token).toMatch(/^inbx_/);
      const controller = new AbortController();
      const stream = await fetch(`${harness.app.url}/v1/inbox/stream?token=${encodeURIComponent(token)}`, {
        signal: controller.signal,
      });
      expect(stream.status).toBe(200);
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      await send({ user_id: 'browser-user', template: 'invoice-paid', data: DATA, channels: ['in_app'] });
      let received = '';
      while (!received.includes('"title"')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += Buffer.from(value).toString();
      }
      controller.abort();
      expect(received).toContain('Invoice INV-7 paid');

      const own = await callApi(harness.app.url, 'GET', '/v1/inbox', { token });
      expect(own.body).toMatchObject({ unread_count: 1, messages: [{ title: 'Invoice INV-7 paid' }] });
      const read = await callApi(harness.app.url, 'POST', `/v1/inbox/${own.body.messages[0].id}/read`, { token });
      expect(read.body.read_at).not.toBeNull();
      const [payload, signature] = token.slice('inbx_'.length).split('.');
      const claim = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = `inbx_${Buffer.from(JSON.stringify({ ...claim, u: 'ada' })).toString('base64url')}.${signature}`;
      expect((await callApi(harness.app.url, 'GET', '/v1/inbox', { token: forged })).status).toBe(401);
      expect((await callApi(harness.app.url, 'GET', '/v1/inbox', { token: harness.manageKey })).status).toBe(401);
      expect((await callApi(harness.app.url, 'GET', '/v1/inbox')).status).toBe(401);
    });

    it('marks read, seen and archived, and pages with a cursor', async () => {
      await recipient('pager');
      for (const number of ['1', '2', '3']) {
        await send({ user_id: 'pager', template: 'invoice-paid', data: { invoice: { number } }, channels: ['in_app'] });
      }
      const all = await eventually(async () => {
        const answer = await api('GET', '/v1/users/pager/inbox?limit=2');
        return answer.body.unread_count === 3 ? answer.body : undefined;
      });
      expect(all.messages).toHaveLength(2);
      const rest = await api('GET', `/v1/users/pager/inbox?limit=2&cursor=${all.next_cursor}`);
      expect(rest.body.messages).toHaveLength(1);
      expect(rest.body.next_cursor).toBeNull();
      const [first, second] = all.messages;
      expect((await api('POST', `/v1/users/pager/inbox/${first.id}/read`)).body.read_at).not.toBeNull();
      expect((await api('POST', `/v1/users/pager/inbox/${first.id}/seen`)).body.seen_at).not.toBeNull();
      await api('POST', `/v1/users/pager/inbox/${second.id}/archive`);
      const after = await api('GET', '/v1/users/pager/inbox');
      expect(after.body.unread_count).toBe(1);
      expect(after.body.messages).toHaveLength(2);
      expect((await api('GET', '/v1/users/pager/inbox?status=archived')).body.messages[0].id).toBe(second.id);
      expect((await api('POST', `/v1/users/other/inbox/${first.id}/read`)).status).toBe(404);
    });
  });

  describe('providers', () => {
    it('retries a provider 503 and does not retry a 400, recording the answer', async () => {
      const flaky = await recipient('flaky');
      harness.fakes.script('twilio', flaky.phone, [{ status: 503, body: { code: 20500, message: 'busy' } }]);
      harness.fakes.script('sendgrid', 'flaky@example.com', [
        { status: 503, body: { errors: [{ message: 'down' }] } },
        { status: 202, headers: { 'x-message-id': 'sg-after-retry' } },
      ]);
      harness.fakes.script('discord', discordPath, [
        { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
      ]);
      const accepted = await send({ user_id: 'flaky', template: 'invoice-paid', data: DATA });
      const email = await waitForChannel(harness, accepted.body.id, 'email', (step) => step.status === 'sent');
      expect(email.channels.email).toMatchObject({ attempts: 2, provider_message_id: 'sg-after-retry' });
      const discord = await waitForChannel(harness, accepted.body.id, 'discord', (step) => step.status === 'failed');
      expect(discord.channels.discord).toMatchObject({ reason: 'provider_rejected', attempts: 1 });
      expect(discord.channels.discord.provider_response).toMatchObject({ status: 400 });
      expect(discord.channels.discord.provider_response.body).toContain('Invalid Form Body');
      const sms = await waitForChannel(harness, accepted.body.id, 'sms', (step) => step.status === 'failed');
      expect(sms.channels.sms).toMatchObject({ reason: 'retries_exhausted', attempts: 3 });
      expect(harness.fakes.for('twilio', flaky.phone)).toHaveLength(3);
      expect(harness.fakes.for('discord', discordPath)).toHaveLength(1);
      const [first, second] = harness.fakes.for('sendgrid', 'flaky@example.com');
      expect(second.at - first.at).toBeGreaterThanOrEqual(150);
    });

    it('retries a provider that does not answer in time', async () => {
      const slow = await recipient('slow');
      harness.fakes.script('sendgrid', 'slow@example.com', [
        { status: 202, delayMs: PROVIDER_TIMEOUT_MS + 500 },
        { status: 202, headers: { 'x-message-id': 'sg-in-time' } },
      ]);
      harness.fakes.script('twilio', slow.phone, [
        { status: 201, body: {}, delayMs: PROVIDER_TIMEOUT_MS + 500 },
        { status: 201, body: { sid: 'SMintime' } },
      ]);
      const accepted = await send({
        user_id: 'slow',
        template: 'invoice-paid',
        data: DATA,
        channels: ['email', 'sms'],
      });
      const email = await waitForChannel(harness, accepted.body.id, 'email', (step) => step.status === 'sent');
      expect(email.channels.email).toMatchObject({ attempts: 2, provider_message_id: 'sg-in-time' });
      const sms = await waitForChannel(harness, accepted.body.id, 'sms', (step) => step.status === 'sent');
      expect(sms.channels.sms).toMatchObject({ attempts: 2, provider_message_id: 'SMintime' });
    });

    it('honours Discord’s 429 retry_after', async () => {
      await recipient('limited');
      harness.fakes.script('discord', discordPath, [
        { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.6, global: false } },
        { status: 200, body: { id: '42' } },
      ]);
      const delivered = await sendAndSettle(
        { user_id: 'limited', template: 'invoice-paid', data: DATA, channels: ['discord'] },
        'discord',
      );
      expect(delivered.channels.discord).toMatchObject({ status: 'delivered', provider_message_id: '42', attempts: 2 });
      const [first, second] = harness.fakes.for('discord', discordPath);
      expect(second.at - first.at).toBeGreaterThanOrEqual(550);
    });

    it('moves email statuses forward from signed SendGrid events, deduplicated, and suppresses a bounce', async () => {
      await recipient('tracked');
      const accepted = await send({ user_id: 'tracked', template: 'invoice-paid', data: DATA, channels: ['email'] });
      const sent = await waitForChannel(harness, accepted.body.id, 'email', (step) => step.status === 'sent');
      const messageId = sent.channels.email.provider_message_id as string;
      const [mail] = harness.fakes.for('sendgrid', 'tracked@example.com');
      const stepId = (mail.json['custom_args'] as Record<string, string>)['herald_step_id'];
      const event = (name: string, id: string) => ({
        email: 'tracked@example.com',
        event: name,
        sg_event_id: id,
        sg_message_id: `${messageId}.filter0001`,
        timestamp: 1700000000,
        herald_step_id: stepId,
      });
      const post = (events: unknown[], signed = true) => {
        const body = JSON.stringify(events);
        const timestamp = String(Math.floor(Date.now() / 1000));
        return fetch(`${harness.app.url}/v1/providers/sendgrid/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-twilio-email-event-webhook-timestamp': timestamp,
            'x-twilio-email-event-webhook-signature': signed
              ? sendgridSignatureOf(body, timestamp)
              : sendgridSignatureOf(`${body} `, timestamp),
          },
          body,
        });
      };
      const sendgridSignatureOf = (body: string, timestamp: string) =>
        sendgridSignature(harness.sendgridPrivateKey, body, timestamp);

      expect((await post([event('delivered', 'e1')], false)).status).toBe(401);
      expect(
        (await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, harness.sendKey)).body.channels.email
          .status,
      ).toBe('sent');

      expect((await post([event('processed', 'e0'), event('delivered', 'e1')])).status).toBe(200);
      const delivered = await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, harness.sendKey);
      expect(delivered.body.channels.email.status).toBe('delivered');
      // A repeat and a late "processed" change nothing.
      expect(await (await post([event('delivered', 'e1'), event('processed', 'e2')])).json()).toEqual({ applied: 0 });

      expect(await (await post([event('unsubscribe', 'e5')])).json()).toEqual({ applied: 1 });
      expect((await api('GET', '/v1/users/tracked/preferences')).body.categories).toEqual({
        billing: { email: false },
      });
      await api('PUT', '/v1/users/tracked/preferences', { channels: {} });

      await post([event('bounce', 'e3')]);
      const bounced = await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, harness.sendKey);
      expect(bounced.body.channels.email).toMatchObject({ status: 'failed', reason: 'bounced' });
      await post([event('delivered', 'e4')]);
      expect(
        (await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, harness.sendKey)).body.channels.email
          .status,
      ).toBe('failed');

      const next = await sendAndSettle(
        { user_id: 'tracked', template: 'invoice-paid', data: DATA, channels: ['email'] },
        'email',
      );
      expect(next.channels.email).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    });

    it('moves SMS statuses forward from Twilio callbacks signed with the auth token, and refuses unsigned ones', async () => {
      const user = await recipient('texted');
      const accepted = await send({ user_id: 'texted', template: 'invoice-paid', data: DATA, channels: ['sms'] });
      const sent = await waitForChannel(harness, accepted.body.id, 'sms', (step) => step.status === 'sent');
      const sid = sent.channels.sms.provider_message_id as string;
      expect(sid).toMatch(/^SM/);
      const url = `${PUBLIC_URL}/v1/providers/twilio/status`;
      const post = (params: Record<string, string>, signature?: string) =>
        fetch(`${harness.app.url}/v1/providers/twilio/status`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(signature ? { 'x-twilio-signature': signature } : {}),
          },
          body: new URLSearchParams(params).toString(),
        });
      const delivered = { MessageSid: sid, MessageStatus: 'delivered', To: user.phone };
      expect((await post(delivered)).status).toBe(403);
      expect((await post(delivered, twilio.getExpectedTwilioSignature('wrong-token', url, delivered))).status).toBe(
        403,
      );
      const signed = (params: Record<string, string>) =>
        post(params, twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, url, params));
      expect((await signed(delivered)).status).toBe(200);
      expect(await (await signed(delivered)).json()).toEqual({ applied: 0 });
      expect(await (await signed({ MessageSid: sid, MessageStatus: 'sent', To: user.phone })).json()).toEqual({
        applied: 1,
      });
      const status = await api('GET', `/v1/notifications/${accepted.body.id}`, undefined, harness.sendKey);
      expect(status.body.channels.sms.status).toBe('delivered');

      const stop = { From: user.phone, Body: 'STOP', MessageSid: 'SMinbound' };
      const inboundUrl = `${PUBLIC_URL}/v1/providers/twilio/inbound`;
      const inbound = await fetch(`${harness.app.url}/v1/providers/twilio/inbound`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, inboundUrl, stop),
        },
        body: new URLSearchParams(stop).toString(),
      });
      expect(await inbound.json()).toEqual({ suppressed: true });
      const next = await sendAndSettle(
        { user_id: 'texted', template: 'invoice-paid', data: DATA, channels: ['sms'] },
        'sms',
      );
      expect(next.channels.sms).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    });
  });

  describe('unsubscribe', () => {
    it('opts out of the category on email with the signed link, and refuses a forged one', async () => {
      await recipient('leaver');
      await sendAndSettle({ user_id: 'leaver', template: 'invoice-paid', data: DATA, channels: ['email'] }, 'email');
      const [mail] = harness.fakes.for('sendgrid', 'leaver@example.com');
      const link = ((mail.json['headers'] as Record<string, string>)['List-Unsubscribe'] ?? '').slice(1, -1);
      const token = link.split('/').pop() as string;
      const [payload, signature] = token.split('.');
      const claim = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = `${Buffer.from(JSON.stringify({ ...claim, u: 'ada' })).toString('base64url')}.${signature}`;
      const refused = await callApi(harness.app.url, 'POST', `/v1/unsubscribe/${forged}`);
      expect(refused.status).toBe(400);
      const page = await fetch(`${harness.app.url}/v1/unsubscribe/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');
      expect((await api('GET', '/v1/users/leaver/preferences')).body.categories).toEqual({});

      const oneClick = await fetch(`${harness.app.url}/v1/unsubscribe/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      expect((await api('GET', '/v1/users/leaver/preferences')).body.categories).toEqual({ billing: { email: false } });
      expect((await api('GET', '/v1/users/ada/preferences')).body.categories).toEqual({});
      const next = await sendAndSettle(
        { user_id: 'leaver', template: 'invoice-paid', data: DATA, channels: ['email'] },
        'email',
      );
      expect(next.channels.email).toMatchObject({ status: 'skipped', reason: 'opted_out' });
    });
  });

  describe('rules and operational events', () => {
    it('turns an event into a notification for the user at the rule’s path', async () => {
      await recipient('payer');
      const rule = await api('POST', '/v1/rules', {
        event_type: 'invoice.paid',
        template: 'invoice-paid',
        recipient: 'data.customer_id',
      });
      expect(rule.status).toBe(201);
      const badRule = await api('POST', '/v1/rules', {
        event_type: 'no.such',
        template: 'invoice-paid',
        recipient: 'data.x',
      });
      expect(badRule.body.errors[0].field).toBe('event_type');
      await harness.app.app.get(EventPublisher).publish({
        orgId: harness.orgId,
        type: 'invoice.paid',
        data: { customer_id: 'payer', customer: 'Payer Ltd', invoice: { number: 'INV-99' } },
      });
      const inbox = await eventually(async () => {
        const answer = await api('GET', '/v1/users/payer/inbox');
        return answer.body.messages.length > 0 ? answer.body : undefined;
      });
      expect(inbox.messages[0].title).toBe('Invoice INV-99 paid');
    });

    it('notifies the org’s admins when a webhook endpoint is disabled', async () => {
      await recipient('admin-1', { admin: true });
      await harness.app.app.get(EventPublisher).publish({
        orgId: harness.orgId,
        type: 'webhook.endpoint.disabled',
        data: {
          endpoint_id: 'ep_123',
          url: 'https://api.example.com/hooks',
          reason: 'gone',
          disabled_at: '2026-11-22T12:00:00Z',
        },
      });
      const mail = await eventually(() => harness.fakes.for('sendgrid', 'admin-1@example.com')[0]);
      expect(mail.json['subject']).toBe('Webhook endpoint disabled: https://api.example.com/hooks');
      const html = (mail.json['content'] as { value: string }[]).map((part) => part.value).join();
      expect(html).toContain('because it answered 410 Gone');
      // The in-app step is a job of its own: it may land after the email.
      const inbox = await eventually(async () => {
        const answer = await api('GET', '/v1/users/admin-1/inbox');
        return answer.body.messages.length > 0 ? answer.body : undefined;
      });
      expect(inbox.messages[0].title).toBe('Webhook endpoint disabled');
      expect(harness.fakes.for('sendgrid', 'ada@example.com')).toHaveLength(1);
    });
  });

  describe('quiet hours', () => {
    it('holds non-critical email and SMS until the window ends, while in-app arrives', async () => {
      const now = new Date();
      const hhmm = (date: Date) => date.toISOString().slice(11, 16);
      await recipient('sleeper', {
        timezone: 'UTC',
        quiet_hours: {
          start: hhmm(new Date(now.getTime() - 60 * 60_000)),
          end: hhmm(new Date(now.getTime() + 2 * 60 * 60_000)),
        },
      });
      const accepted = await send({
        user_id: 'sleeper',
        template: 'invoice-paid',
        data: DATA,
        channels: ['email', 'sms', 'in_app'],
      });
      const status = await waitForChannel(harness, accepted.body.id, 'in_app', (step) => step.status === 'delivered');
      expect(status.channels.email).toMatchObject({ status: 'queued', reason: 'quiet_hours' });
      expect(status.channels.sms).toMatchObject({ status: 'queued', reason: 'quiet_hours' });
      expect(new Date(status.channels.email.not_before).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
      const critical = await send({
        user_id: 'sleeper',
        template: 'invoice-paid',
        data: DATA,
        channels: ['email'],
        critical: true,
      });
      await waitForChannel(harness, critical.body.id, 'email', (step) => step.status === 'sent');
    });
  });
});
