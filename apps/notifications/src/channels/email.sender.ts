import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
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

/** Email through @sendgrid/mail (SENDGRID_API_URL moves its base URL), or the outbox without a key. */
@Injectable()
export class EmailSender {
  private readonly mail?: MailService;
  private readonly from: string;

  constructor(
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    private readonly outbox: OutboxWriter,
  ) {
    const { apiKey, apiUrl, from } = config.notifications.sendgrid;
    this.from = from;
    if (!apiKey) return;
    const client = new Client();
    client.setApiKey(apiKey);
    // setApiKey resets the base URL, so it is set after.
    if (apiUrl) client.setDefaultRequest('baseUrl', apiUrl);
    this.mail = new MailService();
    this.mail.setClient(client);
    this.mail.setTimeout(config.notifications.providerTimeoutMs);
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const headers = email.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : undefined;
    if (!this.mail) return this.toOutbox(email, headers ?? {});
    try {
      const [response] = await this.mail.send({
        to: email.to,
        from: this.from,
        subject: email.rendered.subject,
        html: email.rendered.html,
        text: email.rendered.text,
        headers,
        customArgs: { herald_step_id: email.stepId, herald_org_id: email.orgId },
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
