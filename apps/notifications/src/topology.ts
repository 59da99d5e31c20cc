import type { HeraldConfig } from '@herald/config';
import type { ConsumerSpec, StreamSpec } from '@herald/jetstream';
import { SUBJECTS } from '@herald/events';
import type { Channel } from './channels/channel';

/**
 * The notifications app's messaging in one place: the stream it owns beside the shared ones
 * (libs/events), the subjects it publishes, and the durable consumers it reads. Handlers take their
 * `@EventPattern` from NOTIFICATIONS_SUBJECTS, and the transport refuses to start when a consumer
 * has no handler.
 */
export const NOTIFICATIONS_SUBJECTS = {
  /** Notification requests, from the HTTP API or any service: notifications.send on NOTIFICATIONS. */
  requests: SUBJECTS.notifications,
  /** One job per channel step: notifications.step.<channel>. */
  steps: 'notifications.step.>',
  /** One job per digest, woken when its window closes. */
  digests: 'notifications.digest.>',
  /** Domain events that rules turn into notifications. */
  events: SUBJECTS.events,
} as const;

/**
 * The app's own lanes beside NOTIFICATIONS: one job per channel step (so each channel is retried on
 * its own), and one per digest, woken when its window closes.
 */
export const STEPS_STREAM: StreamSpec = {
  name: 'NOTIFICATION_STEPS',
  subjects: [NOTIFICATIONS_SUBJECTS.steps, NOTIFICATIONS_SUBJECTS.digests],
  retention: 'workqueue',
  description: 'Channel steps of notifications (notifications.step.<channel>) and digest flushes',
};

export const DIGEST_SUBJECT = 'notifications.digest.flush';

export function stepSubject(channel: Channel): string {
  return `notifications.step.${channel}`;
}

export type StepJob = { step_id: string };
export type DigestJob = { digest_id: string };

/**
 * Handlers in flight per process on the two hot lanes. Their statements are batched, so more at
 * once means bigger batches rather than more round trips; a provider call waits on the network,
 * not on this process. The pg pool (20) is shared, each batch holding one connection.
 */
const REQUEST_CONCURRENCY = 64;
const STEP_CONCURRENCY = 128;

export function notificationConsumers(config: HeraldConfig): ConsumerSpec[] {
  const ackWaitMs = config.notifications.providerTimeoutMs + 15_000;
  return [
    {
      stream: 'NOTIFICATIONS',
      durable: 'notifications-requests',
      filterSubject: NOTIFICATIONS_SUBJECTS.requests,
      concurrency: REQUEST_CONCURRENCY,
      maxDeliver: 10,
      ackWaitMs: 30_000,
      description: 'Notification requests: fanned out into one step per channel',
    },
    {
      stream: STEPS_STREAM.name,
      durable: 'notifications-steps',
      filterSubject: NOTIFICATIONS_SUBJECTS.steps,
      concurrency: STEP_CONCURRENCY,
      // Provider retries are counted on the step; deliveries also wait out quiet hours.
      maxDeliver: 1000,
      ackWaitMs,
      maxAckPending: 20_000,
      description: 'One job per channel step: render, send, record the provider’s answer',
    },
    {
      stream: STEPS_STREAM.name,
      durable: 'notifications-digests',
      filterSubject: NOTIFICATIONS_SUBJECTS.digests,
      concurrency: 4,
      maxDeliver: 1000,
      ackWaitMs: 30_000,
      maxAckPending: 20_000,
      description: 'Digests, each sent when its window closes',
    },
    {
      stream: 'EVENTS',
      durable: 'notifications-rules',
      filterSubject: NOTIFICATIONS_SUBJECTS.events,
      // Most events match no rule and cost a cache lookup and an ack: more in flight keeps up with EVENTS.
      concurrency: 64,
      maxDeliver: 10,
      ackWaitMs: 30_000,
      deliverPolicy: 'new',
      description: 'Events that rules (and operational events) turn into notifications',
    },
  ];
}
