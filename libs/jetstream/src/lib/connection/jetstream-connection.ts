import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export type JetStreamConnectionOptions = {
  /** nats:// URLs; a comma-separated string (as in NATS_URL) is accepted too. */
  servers: string[] | string;
  /** Shown by the server's monitoring endpoints; usually the app's name. */
  name?: string;
  /** Keep trying when no server answers at start-up instead of failing fast. */
  waitOnFirstConnect?: boolean;
  /** Milliseconds between reconnect attempts (default 1000). */
  reconnectTimeWaitMs?: number;
  /** Milliseconds to wait for JetStream API replies and publish acks (default 5000). */
  requestTimeoutMs?: number;
};

export type ConnectionState = 'connected' | 'disconnected' | 'reconnecting' | 'closed';
export type ConnectionStateListener = (state: ConnectionState) => void;

/**
 * One NATS connection with its JetStream contexts, shared by the server, the publisher and the
 * health check. It reconnects forever; `close()` drains it.
 */
export class JetStreamConnection {
  private state: ConnectionState = 'connected';
  private readonly listeners = new Set<ConnectionStateListener>();
  private closing?: Promise<void>;
  private managerPromise?: Promise<JetStreamManager>;
  readonly jetstream: JetStreamClient;

  private constructor(
    private readonly nc: NatsConnection,
    /** Milliseconds a JetStream API request or publish may take. */
    readonly requestTimeoutMs: number,
  ) {
    this.jetstream = jetstream(nc, { timeout: requestTimeoutMs });
    void this.watchStatus();
  }

  static async connect(options: JetStreamConnectionOptions): Promise<JetStreamConnection> {
    const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    const nc = await connect({
      servers: normalizeServers(options.servers),
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
      waitOnFirstConnect: options.waitOnFirstConnect ?? false,
      timeout: requestTimeoutMs,
      // An Error (with its stack) per request only to improve async traces costs ~1 % of CPU at load.
      noAsyncTraces: true,
    });
    return new JetStreamConnection(nc, requestTimeoutMs);
  }

  manager(): Promise<JetStreamManager> {
    if (!this.managerPromise) {
      const attempt = jetstreamManager(this.nc, { timeout: this.requestTimeoutMs });
      // A failed attempt (broker down) must not be cached forever.
      attempt.catch(() => (this.managerPromise = undefined));
      this.managerPromise = attempt;
    }
    return this.managerPromise;
  }

  isConnected(): boolean {
    return this.state === 'connected' && !this.nc.isClosed();
  }

  /** Round trip to the server (PING/PONG) within the timeout: the health check's probe. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    if (this.nc.isClosed()) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const flushed = this.nc.flush().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([flushed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves true once connected (at once if already), false after the timeout or on close. */
  whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.isConnected()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (connected: boolean) => {
        clearTimeout(timer);
        stop();
        resolve(connected);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const stop = this.onStateChange((state) => {
        if (state === 'connected' || state === 'closed') finish(state === 'connected');
      });
    });
  }

  /** Subscribes to connection state changes; returns the unsubscribe function. */
  onStateChange(listener: ConnectionStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drains subscriptions and pending publishes, then closes. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.nc.isClosed() ? Promise.resolve() : this.nc.drain().catch(() => this.nc.close());
    return this.closing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  unwrap(): NatsConnection {
    return this.nc;
  }

  private async watchStatus(): Promise<void> {
    void this.nc.closed().then(() => this.setState('closed'));
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.setState('disconnected');
      else if (status.type === 'reconnecting') this.setState('reconnecting');
      else if (status.type === 'reconnect') this.setState('connected');
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state || this.state === 'closed') return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

export function normalizeServers(servers: string[] | string): string[] {
  const list = typeof servers === 'string' ? servers.split(',') : servers;
  return list.map((server) => server.trim()).filter((server) => server.length > 0);
}
