import type { StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** A stream as the apps declare it; provisioning creates it or brings it to this shape. */
export type StreamSpec = {
  name: string;
  subjects: readonly string[];
  /** `limits` (default) keeps messages by age/size; `workqueue` removes each once acked. */
  retention?: 'limits' | 'workqueue' | 'interest';
  storage?: 'file' | 'memory';
  /** How long a `Nats-Msg-Id` is remembered for de-duplication (default 2 minutes). */
  duplicateWindowMs?: number;
  /** 0 (default) keeps messages until another limit removes them. */
  maxAgeMs?: number;
  maxBytes?: number;
  maxMsgs?: number;
  replicas?: number;
  description?: string;
};

export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60_000;

export type DesiredStreamConfig = Pick<
  StreamConfig,
  | 'name'
  | 'subjects'
  | 'retention'
  | 'storage'
  | 'duplicate_window'
  | 'max_age'
  | 'max_bytes'
  | 'max_msgs'
  | 'num_replicas'
  | 'discard'
> & { description?: string };

export function toStreamConfig(spec: StreamSpec): DesiredStreamConfig {
  const maxAgeMs = spec.maxAgeMs ?? 0;
  const duplicateWindowMs = spec.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  return {
    name: spec.name,
    subjects: [...spec.subjects],
    retention: spec.retention ?? 'limits',
    storage: spec.storage ?? 'file',
    // The server clamps the window to max_age; doing it here keeps re-provisioning a no-op.
    duplicate_window: nanos(maxAgeMs > 0 ? Math.min(duplicateWindowMs, maxAgeMs) : duplicateWindowMs),
    max_age: nanos(maxAgeMs),
    max_bytes: spec.maxBytes ?? -1,
    max_msgs: spec.maxMsgs ?? -1,
    num_replicas: spec.replicas ?? 1,
    discard: 'old',
    ...(spec.description === undefined ? {} : { description: spec.description }),
  };
}
