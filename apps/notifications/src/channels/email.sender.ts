import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@sendgrid/client';
import type { ClientRequest } from '@sendgrid/client/src/request';
import { EmailAddress } from '@sendgrid/helpers/classes';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { RenderedEmail } from '../templates/template-renderer';
import { OutboxWriter } from './outbox.writer';
import { excerpt, resultForStatus, type SendResult } from './send-result';

export type OutgoingEmail = {
  stepId: string;
  orgId: string;
  to: string;
  rendered: RenderedEmail;
  /** Absent on critical mail. */
  unsubscribeUrl?: string;
};

/**
 * Email through SendGrid's client (SENDGRID_API_URL moves its base URL), or the outbox without a key.
 * The v3 mail body is written here rather than by @sendgrid/mail, whose helper copies each message
 * twice through JSON and converts its keys' case back and forth (~4 % of this app's CPU at 300/s).
 */
@Injectable()
export class EmailSender {
  private readonly client?: Client;
  private readonly from: string;
  /** `from` as the v3 body takes it: `{ email, name }` parsed once from "Name <address>". */
  private readonly sender: { email: string; name?: string };

  constructor(
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    private readonly outbox: OutboxWriter,
  ) {
    const { apiKey, apiUrl, from } = config.notifications.sendgrid;
    this.from = from;
    this.sender = new EmailAddress(from).toJSON();
    if (!apiKey) return;
    this.client = new Client();
    this.client.setApiKey(apiKey);
    // setApiKey resets the base URL, so it is set after.
    if (apiUrl) this.client.setDefaultRequest('baseUrl', apiUrl);
    // Every request option goes on to axios; the typings leave `timeout` out (@sendgrid/mail sets it so too).
    this.client.setDefaultRequest({ timeout: config.notifications.providerTimeoutMs } as unknown as ClientRequest);
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const headers = email.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : undefined;
    if (!this.client) return this.toOutbox(email, headers ?? {});
    try {
      const [response] = await this.client.request({
        method: 'POST',
        url: '/v3/mail/send',
        body: {
          personalizations: [{ to: [{ email: email.to }] }],
          from: this.sender,
          subject: email.rendered.subject,
          content: [
            { type: 'text/plain', value: email.rendered.text },
            { type: 'text/html', value: email.rendered.html },
          ],
          headers,
          custom_args: { herald_step_id: email.stepId, herald_org_id: email.orgId },
        },
      });
      const messageId = response.headers['x-message-id'] as string | undefined;
      return {
        outcome: 'sent',
        providerMessageId: messageId,
        response: { status: response.statusCode, body: excerpt(response.body) },
      };
    } catch (error) {
      const failure = error as { code?: number; message?: string; response?: { body?: unknown } };
      const status = typeof failure.code === 'number' ? failure.code : undefined;
      return resultForStatus(status, {
        status,
        body: excerpt(failure.response?.body),
        error: status === undefined ? failure.message : undefined,
      });
    }
  }

  private async toOutbox(email: OutgoingEmail, headers: Record<string, string>): Promise<SendResult> {
    const boundary = `herald-${randomBytes(8).toString('hex')}`;
    const lines = [
      `From: ${this.from}`,
      `To: ${email.to}`,
      `Subject: ${email.rendered.subject}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      email.rendered.text,
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      email.rendered.html,
      `--${boundary}--`,
      '',
    ];
    const path = await this.outbox.write(`${email.stepId}.eml`, lines.join('\r\n'));
    return { outcome: 'sent', response: { outbox: path } };
  }
}
