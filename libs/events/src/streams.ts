import type { StreamSpec } from '@herald/jetstream';
import { SUBJECTS } from './subjects';

const DAY_MS = 24 * 60 * 60 * 1000;
const GIB = 1024 ** 3;

/**
 * The streams of docs/design.md. Every app provisions all of them at start-up (idempotently), so
 * whichever starts first, publishers never meet a missing stream.
 */
export const HERALD_STREAMS: readonly StreamSpec[] = [
  {
    name: 'EVENTS',
    subjects: [SUBJECTS.events],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    maxBytes: GIB,
    description: 'Domain events published by platform services: events.<orgId>.<eventType>',
  },
  {
    name: 'WEBHOOK_DELIVERIES',
    subjects: [SUBJECTS.webhookDeliveries],
    retention: 'workqueue',
    description: 'One job per outbound webhook delivery: webhooks.deliver.<endpointId>',
  },
  {
    name: 'NOTIFICATIONS',
    subjects: [SUBJECTS.notifications],
    retention: 'workqueue',
    description: 'Notification requests: notifications.send',
  },
  {
    name: 'INBOUND',
    subjects: [SUBJECTS.inbound],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    maxBytes: GIB,
    description: 'Verified inbound webhooks: inbound.<source>.<eventType>',
  },
];
