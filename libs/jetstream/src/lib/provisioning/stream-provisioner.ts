import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { JetStreamConnection } from '../connection/jetstream-connection';
import { type ConsumerSpec, resolveConsumerSpec, toConsumerConfig, updatableConsumerConfig } from './consumer-spec';
import { type StreamSpec, toStreamConfig } from './stream-spec';

export type ProvisionResult = 'created' | 'updated' | 'unchanged';

const ATTEMPTS = 3;

/**
 * Creates the stream, or updates it when its config differs from the spec. Safe when several
 * processes start at once: a create that loses the race falls back to compare-and-update.
 */
export async function provisionStream(connection: JetStreamConnection, spec: StreamSpec): Promise<ProvisionResult> {
  const jsm = await connection.manager();
  const desired = toStreamConfig(spec);
  return withRetries(`stream ${spec.name}`, async () => {
    const current = await findOrNull(() => jsm.streams.info(spec.name));
    if (!current) {
      await jsm.streams.add(desired);
      return 'created';
    }
    if (sameConfig(desired, current.config)) return 'unchanged';
    await jsm.streams.update(spec.name, desired);
    return 'updated';
  });
}

/** Creates the durable pull consumer, or updates it when its config differs from the spec. */
export async function provisionConsumer(connection: JetStreamConnection, spec: ConsumerSpec): Promise<ProvisionResult> {
  const jsm = await connection.manager();
  const desired = toConsumerConfig(resolveConsumerSpec(spec));
  return withRetries(`consumer ${spec.stream}/${spec.durable}`, async () => {
    const current = await findOrNull(() => jsm.consumers.info(spec.stream, spec.durable));
    if (!current) {
      await jsm.consumers.add(spec.stream, desired);
      return 'created';
    }
    const updatable = updatableConsumerConfig(desired);
    if (sameConfig(updatable, current.config)) return 'unchanged';
    await jsm.consumers.update(spec.stream, spec.durable, updatable);
    return 'updated';
  });
}

export async function provisionStreams(connection: JetStreamConnection, specs: readonly StreamSpec[]): Promise<void> {
  for (const spec of specs) await provisionStream(connection, spec);
}

async function withRetries(what: string, attempt: () => Promise<ProvisionResult>): Promise<ProvisionResult> {
  let lastError: unknown;
  for (let i = 0; i < ATTEMPTS; i++) {
    try {
      return await attempt();
    } catch (error) {
      // Another process may have created or changed it between our info and our write.
      lastError = error;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Could not provision ${what}: ${reason}`, { cause: lastError });
}

async function findOrNull<T>(lookup: () => Promise<T>): Promise<T | null> {
  try {
    return await lookup();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof JetStreamApiError)) return false;
  return error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound;
}

function sameConfig(desired: object, current: object): boolean {
  const actual = current as Record<string, unknown>;
  return Object.entries(desired).every(([key, value]) => sameValue(value, actual[key]));
}

function sameValue(desired: unknown, actual: unknown): boolean {
  if (Array.isArray(desired) && Array.isArray(actual)) {
    return desired.length === actual.length && [...desired].sort().join('\n') === [...actual].sort().join('\n');
  }
  return desired === actual;
}
