import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  type ConnectionState,
  JetStreamConnection,
  type JetStreamConnectionOptions,
} from '../connection/jetstream-connection';
import { type ConsumerSpec, type ResolvedConsumerSpec, resolveConsumerSpec } from '../provisioning/consumer-spec';
import type { StreamSpec } from '../provisioning/stream-spec';
import { provisionConsumer, provisionStreams } from '../provisioning/stream-provisioner';
import { LoggingRejectedMessageRecorder } from '../recorder/logging-rejected-message.recorder';
import type { RejectedMessageRecorder } from '../recorder/rejected-message-recorder';
import { ConsumerWorker } from './consumer-worker';
import { assertHandlersCoverConsumers } from './handler-coverage';
import type { JetStreamContext } from './jetstream.context';
import { MaxDeliveriesListener } from './max-deliveries.listener';
import { MessageDispatcher } from './message-dispatcher';
import { isPayloadSchema, type RegisteredHandler } from './registered-handler';
import { SubjectMatcher } from './subject-matcher';

export const JETSTREAM_TRANSPORT = Symbol('JetStreamTransport');

export type JetStreamServerOptions = {
  consumers: readonly ConsumerSpec[];
  /** Streams to provision before the consumers (usually left to JetStreamModule). */
  streams?: readonly StreamSpec[];
  /** Where rejected and exhausted messages go; defaults to a log line. */
  recorder?: RejectedMessageRecorder;
} & ({ connection: JetStreamConnection } | JetStreamConnectionOptions);

export type JetStreamServerEvents = Record<ConnectionState, () => void>;

/**
 * A Nest microservice transport over JetStream durable pull consumers. Handlers registered with
 * `@EventPattern('<subject with * or >>')` receive the JSON payload and a JetStreamContext; the
 * handler's outcome decides whether the message is acked, retried later or rejected.
 */
export class JetStreamServer extends Server<JetStreamServerEvents, ConnectionState> implements CustomTransportStrategy {
  override transportId = JETSTREAM_TRANSPORT;
  protected override readonly logger = new Logger(JetStreamServer.name);
  private readonly specs: ResolvedConsumerSpec[];
  private readonly recorder: RejectedMessageRecorder;
  private readonly eventListeners = new Map<ConnectionState, Set<() => void>>();
  private connection?: JetStreamConnection;
  private workers: ConsumerWorker[] = [];
  private advisoryListeners: MaxDeliveriesListener[] = [];
  private stopWatchingState?: () => void;
  private closing?: Promise<void>;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.specs = options.consumers.map(resolveConsumerSpec);
    this.recorder = options.recorder ?? new LoggingRejectedMessageRecorder();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Stops pulling, waits for the handlers in flight to settle, then drains an owned connection. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  on<EventKey extends ConnectionState>(event: EventKey, callback: JetStreamServerEvents[EventKey]): void {
    const listeners = this.eventListeners.get(event) ?? new Set();
    listeners.add(callback);
    this.eventListeners.set(event, listeners);
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('JetStreamServer is not listening yet');
    // Nest's contract: the caller names the type of the underlying client (a NatsConnection).
    return this.connection.unwrap() as unknown as T;
  }

  private get ownsConnection(): boolean {
    return !('connection' in this.options);
  }

  private async start(): Promise<void> {
    const connection = await this.connect();
    try {
      await this.startConsuming(connection);
    } catch (error) {
      // A server that cannot start must not keep the process alive with its connection.
      if (this.ownsConnection) await connection.close();
      throw error;
    }
  }

  private async startConsuming(connection: JetStreamConnection): Promise<void> {
    assertHandlersCoverConsumers(this.specs, [...this.messageHandlers.keys()]);
    this.watchState(connection);
    await provisionStreams(connection, this.options.streams ?? []);
    for (const spec of this.specs) await provisionConsumer(connection, spec);
    const handlers = this.handlerMatcher();
    for (const spec of this.specs) this.startConsumer(connection, spec, handlers);
    this.logger.log(`consuming ${this.specs.map((spec) => `${spec.stream}/${spec.durable}`).join(', ')}`);
  }

  private async connect(): Promise<JetStreamConnection> {
    this.connection =
      'connection' in this.options ? this.options.connection : await JetStreamConnection.connect(this.options);
    return this.connection;
  }

  private startConsumer(
    connection: JetStreamConnection,
    spec: ResolvedConsumerSpec,
    handlers: SubjectMatcher<RegisteredHandler>,
  ): void {
    const { recorder, logger } = this;
    const dispatcher = new MessageDispatcher({ spec, handlers, recorder, logger });
    const reprovision = () => this.reprovision(connection, spec);
    const worker = new ConsumerWorker({ spec, connection, dispatcher, logger, reprovision });
    const advisories = new MaxDeliveriesListener(connection, spec, recorder, logger);
    advisories.start();
    worker.start();
    this.workers.push(worker);
    this.advisoryListeners.push(advisories);
  }

  /** Brings back a consumer (and its stream, when this server knows it) that vanished. */
  private async reprovision(connection: JetStreamConnection, spec: ResolvedConsumerSpec): Promise<void> {
    const streams = (this.options.streams ?? []).filter((stream) => stream.name === spec.stream);
    await provisionStreams(connection, streams);
    await provisionConsumer(connection, spec);
  }

  private handlerMatcher(): SubjectMatcher<RegisteredHandler> {
    const entries = [...this.messageHandlers].map(([pattern, handler]) => {
      if (handler.next) this.logger.warn(`several handlers for ${pattern}: only the first decides the outcome`);
      return [pattern, this.registered(handler)] as const;
    });
    if (entries.length === 0) this.logger.warn('no @EventPattern handlers registered');
    return new SubjectMatcher(entries);
  }

  private registered(handler: MessageHandler): RegisteredHandler {
    const schema: unknown = handler.extras?.['schema'];
    return {
      invoke: (data, context) => this.invoke(handler, data, context),
      schema: isPayloadSchema(schema) ? schema : undefined,
    };
  }

  /** Runs the handler inside Nest's processing hooks and waits for its value, Promise or Observable. */
  private invoke(handler: MessageHandler, data: unknown, context: JetStreamContext): Promise<unknown> {
    const transportId = this.transportId;
    return new Promise((resolve, reject) => {
      this.onProcessingStartHook(transportId, context, async () => {
        try {
          const result: unknown = await handler(data, context);
          resolve(isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result);
        } catch (error) {
          reject(error);
        } finally {
          this.onProcessingEndHook?.(transportId, context);
        }
      });
    });
  }

  private watchState(connection: JetStreamConnection): void {
    this._status$.next('connected');
    this.stopWatchingState = connection.onStateChange((state) => {
      this._status$.next(state);
      for (const listener of this.eventListeners.get(state) ?? []) listener();
    });
  }

  private async shutdown(): Promise<void> {
    for (const listener of this.advisoryListeners) listener.stop();
    await Promise.all(this.workers.map((worker) => worker.stop()));
    this.stopWatchingState?.();
    if (this.ownsConnection) await this.connection?.close();
    this._status$.next('closed');
  }
}
