import type { ConsumerConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** A durable pull consumer and how this process works it. */
export type ConsumerSpec = {
  stream: string;
  durable: string;
  /** One subject, wildcards allowed (`events.>`); nats-server 2.9 takes no list. */
  filterSubject: string;
  /** Handlers in flight at once for this consumer in this process (default 1). */
  concurrency?: number;
  /** Deliveries before the message is recorded as exhausted and terminated (default 5). */
  maxDeliver?: number;
  /** Redelivery timeout of an unsettled message (default 30 s); long handlers are kept alive. */
  ackWaitMs?: number;
  /** Unsettled messages across all processes, retries waiting included (default 1000). */
  maxAckPending?: number;
  /** nak delays by delivery count for retries without their own delay; the last entry repeats. */
  retryDelaysMs?: readonly number[];
  deliverPolicy?: 'all' | 'new' | 'last' | 'last_per_subject';
  description?: string;
};

export type ResolvedConsumerSpec = Required<Omit<ConsumerSpec, 'description'>> & Pick<ConsumerSpec, 'description'>;

export const CONSUMER_DEFAULTS = {
  concurrency: 1,
  maxDeliver: 5,
  ackWaitMs: 30_000,
  maxAckPending: 1000,
  retryDelaysMs: [1000, 5000, 30_000, 120_000],
  deliverPolicy: 'all',
} as const satisfies Partial<ConsumerSpec>;

export function resolveConsumerSpec(spec: ConsumerSpec): ResolvedConsumerSpec {
  const resolved: ResolvedConsumerSpec = {
    ...spec,
    concurrency: spec.concurrency ?? CONSUMER_DEFAULTS.concurrency,
    maxDeliver: spec.maxDeliver ?? CONSUMER_DEFAULTS.maxDeliver,
    ackWaitMs: spec.ackWaitMs ?? CONSUMER_DEFAULTS.ackWaitMs,
    maxAckPending: spec.maxAckPending ?? CONSUMER_DEFAULTS.maxAckPending,
    retryDelaysMs: [...(spec.retryDelaysMs ?? CONSUMER_DEFAULTS.retryDelaysMs)],
    deliverPolicy: spec.deliverPolicy ?? CONSUMER_DEFAULTS.deliverPolicy,
  };
  if (resolved.concurrency < 1) throw new Error(`consumer ${spec.durable}: concurrency must be at least 1`);
  if (resolved.maxDeliver < 1) throw new Error(`consumer ${spec.durable}: maxDeliver must be at least 1`);
  return resolved;
}

export type DesiredConsumerConfig = Pick<
  ConsumerConfig,
  'durable_name' | 'ack_policy' | 'deliver_policy' | 'filter_subject' | 'max_deliver' | 'ack_wait' | 'max_ack_pending'
> & { description?: string };

// No consumer `backoff`: retries are nak(delay) from the handler's outcome, and a backoff list
// would silently replace ack_wait with its first entry.
export function toConsumerConfig(spec: ResolvedConsumerSpec): DesiredConsumerConfig {
  return {
    durable_name: spec.durable,
    ack_policy: 'explicit',
    deliver_policy: spec.deliverPolicy,
    filter_subject: spec.filterSubject,
    max_deliver: spec.maxDeliver,
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: spec.maxAckPending,
    ...(spec.description === undefined ? {} : { description: spec.description }),
  };
}

/** What an existing consumer may change: deliver_policy, for one, only applies at creation. */
export function updatableConsumerConfig(config: DesiredConsumerConfig): Partial<DesiredConsumerConfig> {
  const { filter_subject, max_deliver, ack_wait, max_ack_pending, description } = config;
  return {
    filter_subject,
    max_deliver,
    ack_wait,
    max_ack_pending,
    ...(description === undefined ? {} : { description }),
  };
}
