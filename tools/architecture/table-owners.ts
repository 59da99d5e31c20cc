/**
 * Which part of Herald owns each table. An app reads and writes only its own tables and the
 * shared ones, and the shared ones only through the lib that owns them; apps meet over NATS and
 * HTTP, never through each other's tables.
 */
export const TABLE_OWNERS: Record<string, readonly string[]> = {
  'libs/database': ['_prisma_migrations'],
  'libs/auth': ['organizations', 'api_keys'],
  'libs/events': ['event_types'],
  'libs/http-app': ['rejected_messages'],
  'apps/webhooks': ['webhook_endpoints', 'webhook_events', 'webhook_deliveries', 'webhook_delivery_attempts'],
  'apps/impact-in': ['inbound_sources', 'inbound_events', 'inbound_rate_windows'],
  'apps/notifications': [
    'notification_recipients',
    'notification_templates',
    'notification_template_versions',
    'notification_partials',
    'notifications',
    'notification_steps',
    'inbox_messages',
    'notification_suppressions',
    'provider_callbacks',
    'notification_throttle_hits',
    'notification_digests',
    'notification_rules',
  ],
};
