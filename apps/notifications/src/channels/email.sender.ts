import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { request } from 'undici';
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

const SENDGRID_API_URL = 'https://api.sendgrid.com';

type SendGridAccount = { mailSendUrl: string; authorization: string };
type Address = { email: string; name?: string };

/**
 * Email through SendGrid's v3 mail API (SENDGRID_API_URL moves its base URL), or the outbox
 * without a key. The request is the one @sendgrid/mail makes, sent over undici's keep-alive pool:
 * the SDK (axios, a deep clone of every message) cost about three times the CPU per email.
 */
@Injectable()
export class EmailSender {
  private readonly account?: SendGridAccount;
  private readonly from: string;
  private readonly fromAddress: Address;
  private readonly timeoutMs: number;

  constructor(
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    private readonly outbox: OutboxWriter,
  ) {
    const { apiKey, apiUrl, from } = config.notifications.sendgrid;
    this.from = from;
    this.fromAddress = parseAddress(from);
    this.timeoutMs = config.notifications.providerTimeoutMs;
    if (!apiKey) return;
    this.account = {
      mailSendUrl: new URL('/v3/mail/send', apiUrl ?? SENDGRID_API_URL).toString(),
      authorization: `Bearer ${apiKey}`,
    };
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const headers = email.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : undefined;
    if (!this.account) return this.toOutbox(email, headers ?? {});
    let status: number;
    let text: string;
    let messageId: string | string[] | undefined;
    try {
      const response = await request(this.account.mailSendUrl, {
        method: 'POST',
        headers: {
          authorization: this.account.authorization,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(this.mailSendBody(email, headers)),
        // One deadline for the whole call; undici's own timeouts are checked about once a second.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.statusCode;
      messageId = response.headers['x-message-id'];
      text = await response.body.text();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return resultForStatus(undefined, { error: message });
    }
    const response = { status, body: excerpt(text) };
    if (status < 200 || status >= 300) return resultForStatus(status, response);
    return { outcome: 'sent', providerMessageId: Array.isArray(messageId) ? messageId[0] : messageId, response };
  }

  private mailSendBody(email: OutgoingEmail, headers: Record<string, string> | undefined) {
    return {
      personalizations: [{ to: [{ email: email.to }] }],
      from: this.fromAddress,
      subject: email.rendered.subject,
      content: [
        { type: 'text/plain', value: email.rendered.text },
        { type: 'text/html', value: email.rendered.html },
      ],
      headers,
      custom_args: { herald_step_id: email.stepId, herald_org_id: email.orgId },
    };
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

/** "Name <address>" or a bare address, as SENDGRID_FROM is given. */
function parseAddress(value: string): Address {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return { email: value.trim() };
  return match[1] ? { email: match[2], name: match[1].replace(/^"(.*)"$/, '$1') } : { email: match[2] };
}
