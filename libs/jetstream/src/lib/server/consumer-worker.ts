import type { LoggerService } from '@nestjs/common';
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { JetStreamConnection } from '../connection/jetstream-connection';
import type { ResolvedConsumerSpec } from '../provisioning/consumer-spec';
import { errorMessage } from '../outcome/settlement';
import { ConcurrencyLimiter } from './concurrency-limiter';
import type { MessageDispatcher } from './message-dispatcher';

export type ConsumerWorkerOptions = {
  spec: ResolvedConsumerSpec;
  connection: JetStreamConnection;
  dispatcher: MessageDispatcher;
  logger: LoggerService;
  /** Called when pulling fails in a way re-provisioning may fix (consumer or stream gone). */
  reprovision: () => Promise<void>;
};

/** Short pulls: a pull lost with a broker restart or a leader change is replaced within seconds. */
export const PULL_EXPIRES_MS = 5000;
const PULL_HEARTBEAT_MS = 1000;
const MAX_ERROR_BACKOFF_MS = 5000;
/** A busy consumer pulls once a quarter of its slots are free, not for every freed slot. */
const PULL_BATCH_FRACTION = 0.25;

/**
 * Works one durable consumer: pulls only as many messages as it has free handler slots (a pull
 * asks for at most `concurrency`), so a slow handler never leaves delivered messages waiting in a
 * buffer while their ack_wait runs out, and at most `concurrency` handlers are in flight. Under
 * load it waits for a quarter of the slots to free before the next pull: one pull request for
 * several messages, rather than one each.
 */
export class ConsumerWorker {
  private readonly limiter: ConcurrencyLimiter;
  private stopping = false;
  private wakeFromBackoff?: () => void;
  private loop?: Promise<void>;
  private pull?: ConsumerMessages;
  private consumer?: Consumer;
  private stopWatchingConnection?: () => void;

  constructor(private readonly options: ConsumerWorkerOptions) {
    this.limiter = new ConcurrencyLimiter(options.spec.concurrency);
  }

  start(): void {
    // The client would resume a pull cut by a reconnect only after a consumer info request that
    // fails while JetStream is still recovering, then waits a full `expires`: a new pull is faster.
    this.stopWatchingConnection = this.options.connection.onStateChange((state) => {
      if (state === 'connected') void this.pull?.close();
    });
    this.loop ??= this.run();
  }

  /** Stops pulling, then waits for the handlers in flight to settle their messages. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopWatchingConnection?.();
    this.wakeFromBackoff?.();
    await this.pull?.close().catch(() => undefined);
    await this.loop;
    await this.limiter.idle();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.limiter.waitForSlots(Math.ceil(this.limiter.limit * PULL_BATCH_FRACTION));
        if (this.stopping) return;
        await this.pullOnce();
        failures = 0;
      } catch (error) {
        failures++;
        await this.recover(error, failures);
      }
    }
  }

  private async pullOnce(): Promise<void> {
    const { stream, durable } = this.options.spec;
    this.consumer ??= await this.options.connection.jetstream.consumers.get(stream, durable);
    const pull = await this.consumer.fetch({
      max_messages: this.limiter.available,
      expires: PULL_EXPIRES_MS,
      idle_heartbeat: PULL_HEARTBEAT_MS,
    });
    this.pull = pull;
    // Heartbeats end a dead pull; this is the backstop should a pull never end on its own.
    const watchdog = setTimeout(() => void pull.close(), PULL_EXPIRES_MS * 2);
    try {
      for await (const msg of pull) await this.handle(msg);
    } finally {
      clearTimeout(watchdog);
      this.pull = undefined;
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    if (this.stopping) return msg.nak(); // hand it to another process at once
    await this.limiter.acquire();
    void this.options.dispatcher
      .dispatch(msg)
      .catch((error) => this.options.logger.error(`dispatch failed: ${errorMessage(error)}`))
      .finally(() => this.limiter.release());
  }

  private async recover(error: unknown, failures: number): Promise<void> {
    if (this.stopping) return;
    const { stream, durable } = this.options.spec;
    this.options.logger.warn(`pulling ${stream}/${durable} failed (${failures}x): ${errorMessage(error)}`);
    this.consumer = undefined;
    await this.backoff(Math.min(250 * 2 ** (failures - 1), MAX_ERROR_BACKOFF_MS));
    if (failures > 1 && !this.stopping) {
      await this.options.reprovision().catch((cause) => {
        this.options.logger.warn(`re-provisioning ${stream}/${durable} failed: ${errorMessage(cause)}`);
      });
    }
  }

  /** Waits before the next attempt, unless stop() comes first. */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
