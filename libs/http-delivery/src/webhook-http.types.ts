import type { ResolveHost } from './host-resolver';

export type DeliveryErrorKind = 'timeout' | 'connect' | 'forbidden_address' | 'dns' | 'tls' | 'protocol';

export interface DeliveryRequest {
  url: string;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** One deadline for connect, headers and body together. Defaults to the client's `timeoutMs`. */
  timeoutMs?: number;
}

export interface DeliveryResult {
  /** A 2xx arrived and its body was read (up to the cap) within the deadline. */
  ok: boolean;
  status?: number;
  headers: Record<string, string>;
  /** The first `maxBodyBytes` of the response body, UTF-8 decoded. */
  bodyExcerpt: string;
  durationMs: number;
  /** From Retry-After on a 429 or 503. */
  retryAfterMs?: number;
  error?: { kind: DeliveryErrorKind; message: string };
}

export interface WebhookHttpClientOptions {
  /** Lifts the SSRF guard: tests and local development only. Default false. */
  allowPrivate?: boolean;
  /** Name resolution; defaults to `dns.lookup(host, { all: true })`. */
  resolve?: ResolveHost;
  /** Default per-attempt deadline. Default 10000. */
  timeoutMs?: number;
  /** Response bytes kept for the excerpt. Default 1024. */
  maxBodyBytes?: number;
  /** Response bytes read and dropped past the excerpt to keep the socket; more aborts it. Default 16 KiB. */
  discardBodyBytes?: number;
  /** Sockets per origin. Default 8. */
  connectionsPerOrigin?: number;
  /** Idle keep-alive of pooled sockets. Default 10000. */
  keepAliveTimeoutMs?: number;
}
