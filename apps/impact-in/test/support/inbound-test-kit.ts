import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import Stripe from 'stripe';
import twilio from 'twilio';
import type { InboundEnvelope } from '@herald/events';
import { JetStreamConnection } from '@herald/jetstream';
import type { TestApp } from '@herald/app-testing';

export type InboundAnswer = {
  status: number;
  body: { id?: string; duplicate?: boolean; reason?: string; message?: string };
  headers: Headers;
};

/** Posts bytes exactly as given, the way a partner's sender does. */
export async function postInbound(
  baseUrl: string,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<InboundAnswer> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as InboundAnswer['body']) : {},
    headers: response.headers,
  };
}

const stripeClient = new Stripe('sk_test_offline_only');

/** The senders' own signing code where a library exists; plain crypto where the scheme is plain HMAC. */
export const sign = {
  stripe(payload: string, secret: string, timestamp = nowSeconds()): Record<string, string> {
    const header = stripeClient.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    return { 'content-type': 'application/json', 'stripe-signature': header };
  },

  github(payload: string, secret: string, event: string, delivery: string): Record<string, string> {
    const digest = createHmac('sha256', secret).update(payload).digest('hex');
    return {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${digest}`,
      'x-github-event': event,
      'x-github-delivery': delivery,
    };
  },

  standardWebhooks(payload: string, secret: string, id: string, at = new Date()): Record<string, string> {
    return {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, payload),
    };
  },

  twilio(
    url: string,
    params: Record<string, string>,
    authToken: string,
  ): { body: string; headers: Record<string, string> } {
    return {
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
      },
    };
  },

  svix(payload: string, secret: string, id: string, at = new Date()): Record<string, string> {
    return {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': new SvixWebhook(secret).sign(id, at, payload),
    };
  },

  hmac(payload: string, secret: string, encoding: 'hex' | 'base64', signedPrefix = ''): string {
    return createHmac('sha256', secret).update(signedPrefix).update(payload).digest(encoding);
  },
};

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** What reached the INBOUND stream, read through the app's own connection. */
export class InboundStream {
  constructor(private readonly herald: TestApp) {}

  /** Messages stored per subject matching `filter`. */
  async counts(filter: string): Promise<Record<string, number>> {
    const manager = await this.herald.app.get(JetStreamConnection).manager();
    const info = await manager.streams.info('INBOUND', { subjects_filter: filter });
    return info.state.subjects ?? {};
  }

  async count(subject: string): Promise<number> {
    return (await this.counts(subject))[subject] ?? 0;
  }

  async last(subject: string): Promise<{ envelope: InboundEnvelope; msgId: string | undefined }> {
    const manager = await this.herald.app.get(JetStreamConnection).manager();
    const message = await manager.streams.getMessage('INBOUND', { last_by_subj: subject });
    if (!message) throw new Error(`nothing on ${subject}`);
    return { envelope: message.json<InboundEnvelope>(), msgId: message.header?.get('Nats-Msg-Id') };
  }
}
