import type { AppName } from './herald-config.schema';

export const HERALD_CONFIG = Symbol('HERALD_CONFIG');

export type HeraldConfig = {
  app: { name: AppName; port: number; version: string };
  environment: 'development' | 'test' | 'production';
  log: { level: string };
  dataDir: string;
  database: {
    /** Postgres through the pg adapter when set; embedded PGlite in `pgliteDir` when not. */
    url?: string;
    pgliteDir: string;
    migrateOnStart: boolean;
  };
  nats: { servers: string[] };
  auth: { adminToken: string };
  webhooks: {
    /** Lets endpoints target loopback and private addresses: tests and local development only. */
    allowPrivateTargets: boolean;
    /** Delays before attempts 2, 3, …: there are `retrySchedule.length + 1` attempts in all. */
    retryScheduleMs: number[];
    /** An attempt succeeds with a 2xx within this time. */
    timeoutMs: number;
    /** Consecutive failed deliveries after which an endpoint is disabled. */
    disableAfter: number;
    /** Attempts one replica sends to one endpoint at once; more wait in the retry lane. */
    endpointConcurrency: number;
    /** Failed attempts in a row after which an endpoint's circuit opens and its deliveries wait. */
    circuitBreakerThreshold: number;
    /** Deliveries per second a replay re-sends to one endpoint. */
    replayRatePerSecond: number;
  };
  inbound: {
    /** Base URL senders call (e.g. behind a proxy); Twilio signs it. Unset: the URL the request arrived at. */
    publicUrl?: string;
    /** Requests a minute one source may make unless the source sets its own limit. */
    rateLimitPerMinute: number;
  };
  notifications: {
    /** Where this app is reached from outside: unsubscribe links and the Twilio status callback URL. */
    publicUrl: string;
    /** Delays between attempts of a channel step on a provider's 5xx/429/timeout; attempts = length + 1. */
    retryScheduleMs: number[];
    providerTimeoutMs: number;
    /** Host names a recipient's Discord webhook URL may point at. */
    discordWebhookHosts: string[];
    /** Without an API key, email is written to `<dataDir>/outbox/`. */
    sendgrid: { apiKey?: string; from: string; apiUrl?: string; webhookPublicKey?: string };
    /** Without an account SID and auth token, SMS is written to `<dataDir>/outbox/`. */
    twilio: { accountSid?: string; authToken?: string; from: string; apiUrl?: string };
  };
  /** 32-byte key that encrypts endpoint and source secrets at rest. */
  secrets: { key: Buffer };
};
