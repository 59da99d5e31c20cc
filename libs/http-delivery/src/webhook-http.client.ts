import { performance } from 'node:perf_hooks';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'undici';
import { classifyDeliveryError, messageOf } from './delivery-error.classifier';
import { buildGuardedConnector } from './guarded.connector';
import { resolveWithDns } from './host-resolver';
import { excerptOf, readCapped, type BodyReadLimits, type BodyReadState } from './response-body.reader';
import { parseRetryAfter } from './retry-after.parser';
import type { DeliveryRequest, DeliveryResult, WebhookHttpClientOptions } from './webhook-http.types';

const DEFAULTS = {
  timeoutMs: 10_000,
  maxBodyBytes: 1024,
  discardBodyBytes: 16 * 1024,
  connectionsPerOrigin: 8,
  keepAliveTimeoutMs: 10_000,
};

class DeadlineExceededError extends Error {
  readonly code = 'ERR_DELIVERY_DEADLINE';
}

interface Attempt {
  started: number;
  body: BodyReadState;
  status?: number;
  headers: Record<string, string>;
  retryAfterMs?: number;
}

/**
 * POSTs webhook deliveries. One per process: it pools keep-alive sockets per origin, refuses
 * forbidden addresses at connect time, never follows redirects and never throws for network
 * failures: every attempt ends as a `DeliveryResult`.
 */
export class WebhookHttpClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly limits: BodyReadLimits;

  constructor(options: WebhookHttpClientOptions = {}) {
    const settings = { ...DEFAULTS, ...definedOnly(options) };
    this.timeoutMs = settings.timeoutMs;
    this.limits = { keepBytes: settings.maxBodyBytes, discardBytes: settings.discardBodyBytes };
    this.agent = new Agent({
      connect: buildGuardedConnector({
        allowPrivate: options.allowPrivate ?? false,
        resolve: options.resolve ?? resolveWithDns,
        connectTimeoutMs: settings.timeoutMs,
      }),
      connections: settings.connectionsPerOrigin,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      keepAliveMaxTimeout: settings.keepAliveTimeoutMs,
    });
  }

  async post(request: DeliveryRequest): Promise<DeliveryResult> {
    const attempt: Attempt = { started: performance.now(), body: { kept: [], keptBytes: 0 }, headers: {} };
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DeadlineExceededError(`no response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      await this.send(request, timeoutMs, deadline.signal, attempt);
      return this.result(attempt);
    } catch (error) {
      return this.failure(attempt, deadline.signal.aborted ? deadline.signal.reason : error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private async send(
    request: DeliveryRequest,
    timeoutMs: number,
    signal: AbortSignal,
    attempt: Attempt,
  ): Promise<void> {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported protocol ${url.protocol}`);
    const response = await this.agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    attempt.status = response.statusCode;
    attempt.headers = flattenHeaders(response.headers);
    attempt.retryAfterMs = retryAfterOf(response.statusCode, attempt.headers['retry-after']);
    await readCapped(response.body, this.limits, attempt.body);
    // undici hands the socket back to the pool on the next macrotask; without this yield an
    // immediately following post to the same origin would open a second connection.
    await setImmediatePromise();
  }

  private result(attempt: Attempt): DeliveryResult {
    const status = attempt.status ?? 0;
    return { ...this.base(attempt), ok: status >= 200 && status < 300 };
  }

  private failure(attempt: Attempt, error: unknown): DeliveryResult {
    return {
      ...this.base(attempt),
      ok: false,
      error: { kind: classifyDeliveryError(error), message: messageOf(error) },
    };
  }

  private base(attempt: Attempt): Omit<DeliveryResult, 'ok'> {
    const durationMs = Math.round(performance.now() - attempt.started);
    const { status, headers, retryAfterMs } = attempt;
    return { status, headers, bodyExcerpt: excerptOf(attempt.body), durationMs, retryAfterMs };
  }
}

function retryAfterOf(status: number, value: string | undefined): number | undefined {
  return status === 429 || status === 503 ? parseRetryAfter(value) : undefined;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
