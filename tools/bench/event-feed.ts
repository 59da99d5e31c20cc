import { EventPublisher, HERALD_STREAMS, type PublishEventInput } from '@herald/events';
import { newId } from '@herald/ids';
import { JetStreamConnection, JetStreamPublisher, provisionStreams } from '@herald/jetstream';
import { preciseNow } from './stats';

const PACING_TICK_MS = 5;

/**
 * Puts events on EVENTS the way platform services do (EventPublisher: validated envelope,
 * `Nats-Msg-Id` = event id) and remembers when each publish began, for publish-to-receipt latency.
 */
export class EventFeed {
  readonly publishedAt = new Map<string, number>();
  private failures = 0;

  private constructor(
    private readonly connection: JetStreamConnection,
    private readonly events: EventPublisher,
  ) {}

  static async connect(natsUrl: string): Promise<EventFeed> {
    const connection = await JetStreamConnection.connect({
      servers: natsUrl,
      name: 'herald-bench',
      requestTimeoutMs: 30_000,
    });
    await provisionStreams(connection, HERALD_STREAMS);
    return new EventFeed(connection, new EventPublisher(new JetStreamPublisher(connection)));
  }

  get publishFailures(): number {
    return this.failures;
  }

  /** Publishes one event (with a fresh id) and records its publish time; resolves with the id. */
  async publish(
    input: Omit<PublishEventInput, 'id'>,
    published: Map<string, number> = this.publishedAt,
  ): Promise<string> {
    const id = newId('evt');
    published.set(id, preciseNow());
    try {
      await this.events.publish({ ...input, id });
    } catch (error) {
      this.failures += 1;
      throw error;
    }
    return id;
  }

  /** Publishes `count` events with at most `concurrency` publishes awaiting their stream ack at once. */
  async publishMany(
    count: number,
    concurrency: number,
    event: (index: number) => Omit<PublishEventInput, 'id'>,
    published: Map<string, number>,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < count) await this.publish(event(next++), published);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  }

  /**
   * `rate` events per second for `seconds`, paced by the clock rather than by the acks (a slow
   * broker does not slow the offered load); resolves once every publish has been acked.
   */
  async publishPaced(
    rate: number,
    seconds: number,
    event: (index: number) => Omit<PublishEventInput, 'id'>,
    published: Map<string, number>,
  ): Promise<void> {
    const total = rate * seconds;
    const inFlight = new Set<Promise<unknown>>();
    const started = preciseNow();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((preciseNow() - started) * rate) / 1000));
      for (; sent < due; sent++) {
        const publish = this.publish(event(sent), published);
        inFlight.add(publish);
        void publish.finally(() => inFlight.delete(publish));
      }
      await new Promise((resolve) => setTimeout(resolve, PACING_TICK_MS));
    }
    await Promise.all(inFlight);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
