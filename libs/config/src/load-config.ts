import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { readOrCreateDevSecret } from './dev-secret';
import type { HeraldConfig } from './herald-config';
import {
  type AppName,
  DEFAULT_PORTS,
  HERALD_VERSION,
  type Environment,
  environmentSchema,
  PORT_VARIABLES,
} from './herald-config.schema';

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment once, at start-up. Throws a ConfigError naming every
 * variable that is wrong; in production, secrets must be given, elsewhere they default to
 * generated values kept in the data directory.
 */
export function loadConfig(appName: AppName, env: Env = process.env, version = HERALD_VERSION): HeraldConfig {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  assertProductionSecrets(values);
  const dataDir = resolve(values.DATA_DIR);
  return {
    app: { name: appName, port: resolvePort(appName, values), version },
    environment: values.NODE_ENV,
    log: { level: values.LOG_LEVEL },
    dataDir,
    database: {
      url: values.DATABASE_URL,
      pgliteDir: resolve(values.PGLITE_DIR ?? `${dataDir}/pglite`),
      migrateOnStart: values.DATABASE_MIGRATE_ON_START,
    },
    nats: { servers: values.NATS_URL.split(',').map((server) => server.trim()) },
    webhooks: {
      allowPrivateTargets: values.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      retryScheduleMs: values.WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      disableAfter: values.WEBHOOK_DISABLE_AFTER,
      endpointConcurrency: values.WEBHOOK_ENDPOINT_CONCURRENCY,
      circuitBreakerThreshold: values.WEBHOOK_CIRCUIT_BREAKER_THRESHOLD,
      replayRatePerSecond: values.WEBHOOK_REPLAY_RATE,
    },
    inbound: { publicUrl: values.IMPACT_IN_PUBLIC_URL, rateLimitPerMinute: values.INBOUND_RATE_LIMIT_PER_MINUTE },
    notifications: {
      publicUrl: (
        values.NOTIFICATIONS_PUBLIC_URL ?? `http://127.0.0.1:${resolvePort('notifications', values)}`
      ).replace(/\/+$/, ''),
      retryScheduleMs: values.NOTIFICATIONS_RETRY_SCHEDULE,
      providerTimeoutMs: values.NOTIFICATIONS_PROVIDER_TIMEOUT_MS,
      discordWebhookHosts: values.DISCORD_WEBHOOK_HOSTS,
      sendgrid: {
        apiKey: values.SENDGRID_API_KEY,
        from: values.SENDGRID_FROM,
        apiUrl: values.SENDGRID_API_URL,
        webhookPublicKey: values.SENDGRID_WEBHOOK_PUBLIC_KEY,
      },
      twilio: {
        accountSid: values.TWILIO_ACCOUNT_SID,
        authToken: values.TWILIO_AUTH_TOKEN,
        from: values.TWILIO_FROM,
        apiUrl: values.TWILIO_API_URL,
      },
    },
    auth: { adminToken: values.ADMIN_TOKEN ?? readOrCreateDevSecret(dataDir, 'adminToken') },
    secrets: {
      key: Buffer.from(values.SECRETS_KEY ?? readOrCreateDevSecret(dataDir, 'secretsKey'), 'base64'),
    },
  };
}

function resolvePort(appName: AppName, values: Environment): number {
  const specific = values[PORT_VARIABLES[appName] as keyof Environment] as number | undefined;
  return specific ?? values.PORT ?? DEFAULT_PORTS[appName];
}

function assertProductionSecrets(values: Environment): void {
  if (values.NODE_ENV !== 'production') return;
  const missing = (['ADMIN_TOKEN', 'SECRETS_KEY'] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((name) => `${name}: required when NODE_ENV=production`));
  }
}

function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
