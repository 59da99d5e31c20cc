import { z } from 'zod';

/** Herald's version: in the User-Agent of webhook requests, the API reference and the logs. */
export const HERALD_VERSION = '0.1.0';

export const APP_NAMES = ['webhooks', 'notifications', 'impact-in'] as const;
export type AppName = (typeof APP_NAMES)[number];

export const DEFAULT_PORTS: Record<AppName, number> = {
  notifications: 3009,
  webhooks: 3010,
  'impact-in': 3011,
};

/** The environment variable that moves each app off its default port. */
export const PORT_VARIABLES: Record<AppName, string> = {
  notifications: 'NOTIFICATIONS_PORT',
  webhooks: 'WEBHOOKS_PORT',
  'impact-in': 'IMPACT_IN_PORT',
};

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a port number')
  .min(1, 'must be a port number (1-65535)')
  .max(65535, 'must be a port number (1-65535)');
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s,5m,30m,2h` → milliseconds; every entry a number with a unit (ms, s, m, h). */
const durationList = z.string().transform((value, context) => {
  const delays = value.split(',').map((entry) => /^\s*(\d+)(ms|s|m|h)\s*$/.exec(entry));
  if (delays.length === 0 || delays.some((match) => match === null)) {
    context.addIssue({ code: 'custom', message: 'must be durations like "30s,5m,30m,2h" (units ms, s, m, h)' });
    return z.NEVER;
  }
  return delays.map(
    (match) => Number((match as RegExpExecArray)[1]) * DURATION_UNITS_MS[(match as RegExpExecArray)[2]],
  );
});

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PGLITE_DIR: z.string().min(1).optional(),
  DATABASE_MIGRATE_ON_START: flag.default(true),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s]+$/, 'must be a nats:// or tls:// URL (several may be comma-separated)')
    .default('nats://127.0.0.1:4222'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SECRETS_KEY: base64Key.optional(),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.default(false),
  WEBHOOK_RETRY_SCHEDULE: durationList.default([30_000, 300_000, 1_800_000, 7_200_000]),
  WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100, 'must be at least 100')
    .max(120_000, 'must be at most 120000')
    .default(10_000),
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1, 'must be at least 1').default(10),
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1, 'must be at least 1').default(16),
  WEBHOOK_CIRCUIT_BREAKER_THRESHOLD: z.coerce.number().int().min(1, 'must be at least 1').default(5),
  WEBHOOK_REPLAY_RATE: z.coerce.number().positive('must be a positive number of deliveries per second').default(10),
  IMPACT_IN_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://hooks.example.com' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  INBOUND_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000')
    .default(600),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_FROM: z.string().min(3).default('Herald <notifications@herald.localhost>'),
  SENDGRID_API_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-zA-Z]{8,}$/, 'must be an account SID (AC…)')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z.string().min(1).default('+15005550006'),
  TWILIO_API_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  NOTIFICATIONS_PUBLIC_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  NOTIFICATIONS_RETRY_SCHEDULE: durationList.default([10_000, 60_000, 300_000, 1_800_000, 7_200_000]),
  NOTIFICATIONS_PROVIDER_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100, 'must be at least 100')
    .max(120_000, 'must be at most 120000')
    .default(10_000),
  DISCORD_WEBHOOK_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .default(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']),
  PORT: port.optional(),
  WEBHOOKS_PORT: port.optional(),
  NOTIFICATIONS_PORT: port.optional(),
  IMPACT_IN_PORT: port.optional(),
});

export type Environment = z.infer<typeof environmentSchema>;
