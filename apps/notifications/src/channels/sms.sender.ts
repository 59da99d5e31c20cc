import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { OutboxWriter } from './outbox.writer';
import { excerpt, resultForStatus, type SendResult } from './send-result';

type TwilioClient = ReturnType<typeof twilio>;

export const TWILIO_STATUS_PATH = '/v1/providers/twilio/status';

/** SMS through the twilio SDK (TWILIO_API_URL moves its base URL), or the outbox without credentials. */
@Injectable()
export class SmsSender {
  private readonly client?: TwilioClient;
  private readonly from: string;
  private readonly statusCallback: string;

  constructor(
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    private readonly outbox: OutboxWriter,
  ) {
    const { accountSid, authToken, apiUrl, from } = config.notifications.twilio;
    this.from = from;
    this.statusCallback = `${config.notifications.publicUrl}${TWILIO_STATUS_PATH}`;
    if (!accountSid || !authToken) return;
    this.client = twilio(accountSid, authToken, { autoRetry: false, timeout: config.notifications.providerTimeoutMs });
    if (apiUrl) this.client.api.baseUrl = apiUrl.replace(/\/+$/, '');
  }

  async send(stepId: string, to: string, body: string): Promise<SendResult> {
    if (!this.client) {
      const path = await this.outbox.write(`${stepId}.sms.txt`, `From: ${this.from}\nTo: ${to}\n\n${body}\n`);
      return { outcome: 'sent', response: { outbox: path } };
    }
    try {
      const message = await this.client.messages.create({
        to,
        from: this.from,
        body,
        statusCallback: this.statusCallback,
      });
      return { outcome: 'sent', providerMessageId: message.sid, response: { status: 201, body: message.status } };
    } catch (error) {
      const failure = error as { status?: number; code?: number; message?: string; moreInfo?: string };
      const status = typeof failure.status === 'number' ? failure.status : undefined;
      return resultForStatus(status, {
        status,
        body: status === undefined ? undefined : excerpt({ code: failure.code, message: failure.message }),
        error: status === undefined ? failure.message : undefined,
      });
    }
  }
}
