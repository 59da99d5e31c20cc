import { Inject, Injectable } from '@nestjs/common';
import { request } from 'undici';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { RenderedDiscord } from '../templates/template-renderer';
import { excerpt, resultForStatus, type SendResult } from './send-result';

/** Posts to the recipient's Discord webhook; mentions are never parsed out of rendered data. */
@Injectable()
export class DiscordSender {
  private readonly timeoutMs: number;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.timeoutMs = config.notifications.providerTimeoutMs;
  }

  async send(webhookUrl: string, message: RenderedDiscord): Promise<SendResult> {
    const url = new URL(webhookUrl);
    url.searchParams.set('wait', 'true');
    let status: number;
    let text: string;
    let retryAfterHeader: string | undefined;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Herald (notifications)' },
        body: JSON.stringify({
          content: message.content,
          embeds: message.embeds,
          allowed_mentions: { parse: [] },
        }),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
      const header = response.headers['retry-after'];
      retryAfterHeader = Array.isArray(header) ? header[0] : header;
    } catch (error) {
      return { outcome: 'retry', response: { error: error instanceof Error ? error.message : String(error) } };
    }
    const response = { status, body: excerpt(text) };
    if (status >= 200 && status < 300) {
      return { outcome: 'sent', delivered: true, providerMessageId: messageId(text), response };
    }
    if (status === 429) return { outcome: 'retry', response, retryAfterMs: retryAfterMs(text, retryAfterHeader) };
    return resultForStatus(status, response);
  }
}

function messageId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Discord answers 429 with `retry_after` in seconds (a float) in the body, and Retry-After in the header. */
function retryAfterMs(text: string, header: string | undefined): number | undefined {
  try {
    const seconds = (JSON.parse(text) as { retry_after?: unknown }).retry_after;
    if (typeof seconds === 'number' && seconds >= 0) return Math.ceil(seconds * 1000);
  } catch {
    // fall through to the header
  }
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}
