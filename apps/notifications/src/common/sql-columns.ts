import { type Notification, type NotificationRecipient, type NotificationStep, Prisma } from '@herald/database';

/** A model's fields and the columns behind them, for the raw statements of the hot path. */
type ColumnMap<T> = { readonly [K in keyof T]-?: string };

export const NOTIFICATION_COLUMNS: ColumnMap<Notification> = {
  id: 'id',
  orgId: 'org_id',
  userId: 'user_id',
  templateKey: 'template_key',
  templateVersion: 'template_version',
  category: 'category',
  data: 'data',
  critical: 'critical',
  channels: 'channels',
  idempotencyKey: 'idempotency_key',
  kind: 'kind',
  status: 'status',
  error: 'error',
  createdAt: 'created_at',
};

export const STEP_COLUMNS: ColumnMap<NotificationStep> = {
  id: 'id',
  notificationId: 'notification_id',
  orgId: 'org_id',
  userId: 'user_id',
  channel: 'channel',
  status: 'status',
  reason: 'reason',
  attempts: 'attempts',
  providerMessageId: 'provider_message_id',
  providerResponse: 'provider_response',
  notBefore: 'not_before',
  leasedUntil: 'leased_until',
  sentAt: 'sent_at',
  deliveredAt: 'delivered_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const RECIPIENT_COLUMNS: ColumnMap<NotificationRecipient> = {
  orgId: 'org_id',
  userId: 'user_id',
  email: 'email',
  phone: 'phone',
  discordWebhookUrl: 'discord_webhook_url',
  locale: 'locale',
  timezone: 'timezone',
  admin: 'admin',
  quietHoursStart: 'quiet_hours_start',
  quietHoursEnd: 'quiet_hours_end',
  preferences: 'preferences',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** `"alias"."column" AS "<prefix>field", …`: rows come back with the model's field names. */
export function selectColumns<T>(columns: ColumnMap<T>, alias: string, prefix = ''): Prisma.Sql {
  return Prisma.raw(
    Object.entries<string>(columns)
      .map(([field, column]) => `"${alias}"."${column}" AS "${prefix}${field}"`)
      .join(', '),
  );
}

/** The fields of one model out of a joined row selected with `selectColumns(…, prefix)`. */
export function fieldsWithPrefix<T>(row: Record<string, unknown>, columns: ColumnMap<T>, prefix: string): T {
  return Object.fromEntries(Object.keys(columns).map((field) => [field, row[`${prefix}${field}`]])) as T;
}
