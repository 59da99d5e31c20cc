import type { Subscription } from '@nats-io/transport-node';
import type { JetStreamConnection } from '../connection/jetstream-connection';

export type InvalidatedCacheOptions<V> = {
  /** Core NATS subject (not JetStream) carrying the keys to drop; a replica that misses one drops its copy within `ttlMs`. */
  subject: string;
  load: (key: string) => Promise<V>;
  ttlMs?: number;
  maxEntries?: number;
};

type Entry<V> = { loadedAt: number; value: Promise<V> };

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Values loaded by key and kept until they change: `invalidate(key)` drops the key here at once
 * and, through a message on `subject`, in every other replica; the TTL is the backstop should
 * that message be lost. The loading promise is what is kept, so a burst of lookups of one key
 * makes one query, and a failed load is not kept.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private subscription?: Subscription;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly options: InvalidatedCacheOptions<V>,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** Starts taking other replicas' invalidations; call from the owner's onModuleInit. */
  listen(): void {
    this.subscription ??= this.connection.unwrap().subscribe(this.options.subject, {
      callback: (error, message) => {
        if (!error) this.entries.delete(message.string());
      },
    });
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  get(key: string): Promise<V> {
    const cached = this.entries.get(key);
    if (cached && Date.now() - cached.loadedAt < this.ttlMs) return cached.value;
    if (!cached && this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    const value = this.options.load(key);
    const entry = { loadedAt: Date.now(), value };
    this.entries.set(key, entry);
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return value;
  }

  /** Call after the data behind `key` changed (committed): drops it here and in every replica. */
  invalidate(key: string): void {
    this.entries.delete(key);
    this.connection.unwrap().publish(this.options.subject, key);
  }
}
