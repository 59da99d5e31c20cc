import type { HeraldConfig } from '@herald/config';
import { SUBJECT_TOKEN_PATTERN, SUBJECTS } from '@herald/events';
import type { ConsumerSpec, StreamSpec } from '@herald/jetstream';

/**
 * The webhooks app's messaging in one place: the stream it owns beside the shared ones
 * (libs/events), and the durable consumers it reads. Handlers take their `@EventPattern` from
 * WEBHOOKS_SUBJECTS, and the transport refuses to start when a consumer has no handler.
 */
export const WEBHOOKS_SUBJECTS = {
  /** Every domain event, fanned out to subscribed endpoints. */
  events: SUBJECTS.events,
  /** First attempts: webhooks.deliver.<endpointId> on WEBHOOK_DELIVERIES. */
  fresh: SUBJECTS.webhookDeliveries,
  /** Later or put-off attempts: webhooks.retry.<endpointId> on WEBHOOK_RETRIES. */
  retry: 'webhooks.retry.>',
} as const;

/**
 * Fresh deliveries and retries travel in separate lanes. A message waiting for redelivery still
 * holds a slot of its consumer's max_ack_pending, so retries kept beside fresh traffic would let
 * one dead endpoint stall every tenant; in their own stream and consumer they can only slow retries.
 */
export const RETRY_STREAM: StreamSpec = {
  name: 'WEBHOOK_RETRIES',
  subjects: [WEBHOOKS_SUBJECTS.retry],
  retention: 'workqueue',
  description: 'Webhook deliveries waiting for their next attempt: webhooks.retry.<endpointId>',
};

/** `fresh`: first attempts on WEBHOOK_DELIVERIES; `retry`: every later or put-off attempt on WEBHOOK_RETRIES. */
export type DeliveryLane = 'fresh' | 'retry';

export function webhookRetrySubject(endpointId: string): string {
  if (!SUBJECT_TOKEN_PATTERN.test(endpointId))
    throw new Error(`endpoint id "${endpointId}" cannot be used in a subject`);
  return `webhooks.retry.${endpointId}`;
}

/** ack_wait must outlast the longest HTTP attempt; in-progress pings cover the rest. */
function ackWaitMs(config: HeraldConfig): number {
  return config.webhooks.timeoutMs + 15_000;
}

export function webhooksConsumers(config: HeraldConfig): ConsumerSpec[] {
  return [
    {
      stream: 'EVENTS',
      durable: 'webhooks-dispatcher',
      filterSubject: WEBHOOKS_SUBJECTS.events,
      concurrency: 16,
      maxDeliver: 10,
      ackWaitMs: 30_000,
      description: 'Fans events out to subscribed webhook endpoints',
    },
    {
      stream: 'WEBHOOK_DELIVERIES',
      durable: 'webhooks-deliverer',
      filterSubject: WEBHOOKS_SUBJECTS.fresh,
      concurrency: 64,
      maxDeliver: 10,
      ackWaitMs: ackWaitMs(config),
      maxAckPending: 2000,
      description: 'First attempts of webhook deliveries',
    },
    {
      stream: RETRY_STREAM.name,
      durable: 'webhooks-retrier',
      filterSubject: WEBHOOKS_SUBJECTS.retry,
      concurrency: 16,
      // Waiting for `not_before`, for a busy endpoint or for an open circuit naks the message,
      // and every nak counts as a delivery: with cool-downs of up to 5 min this is days of waiting.
      maxDeliver: 1000,
      ackWaitMs: ackWaitMs(config),
      maxAckPending: 20_000,
      description: 'Later attempts of webhook deliveries, each at its scheduled time',
    },
  ];
}
