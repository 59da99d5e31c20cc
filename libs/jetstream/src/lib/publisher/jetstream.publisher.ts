import { errors, headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { JetStreamConnection } from '../connection/jetstream-connection';

export type PublishOptions = {
  /** Sent as `Nats-Msg-Id`: a re-publish inside the stream's duplicate window is stored once. */
  msgId: string;
  headers?: Record<string, string>;
  /** Milliseconds to get the stream's acknowledgement, retries included (default: the connection's). */
  timeoutMs?: number;
};

export type PublishResult = { stream: string; seq: number; duplicate: boolean };

const ATTEMPT_TIMEOUT_MS = 2000;
const RETRY_PAUSE_MS = 100;

/**
 * Publishes JSON to a stream and waits for the stream to store it. A plain class: Nest injects it
 * through JetStreamModule, and CLIs construct it over a JetStreamConnection of their own.
 *
 * The NATS client drops what is published while it is reconnecting, and a broker that has just
 * restarted may not answer at once; since the msg id makes a publish idempotent, a timed-out or
 * unanswered attempt is simply repeated until the deadline. (If a lost attempt was in fact
 * stored, the repeat reports `duplicate: true`.)
 */
export class JetStreamPublisher {
  constructor(private readonly connection: JetStreamConnection) {}

  async publish(subject: string, payload: unknown, options: PublishOptions): Promise<PublishResult> {
    const data = encode(subject, payload);
    const timeoutMs = options.timeoutMs ?? this.connection.requestTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      try {
        if (!(await this.connection.whenConnected(remaining))) throw new errors.TimeoutError();
        return await this.attempt(subject, data, options, Math.min(remaining, ATTEMPT_TIMEOUT_MS));
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (Date.now() + RETRY_PAUSE_MS >= deadline) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`No stream acknowledged ${subject} within ${timeoutMs} ms (${reason})`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }

  private async attempt(
    subject: string,
    data: Uint8Array,
    options: PublishOptions,
    timeout: number,
  ): Promise<PublishResult> {
    const ack = await this.connection.jetstream.publish(subject, data, {
      msgID: options.msgId,
      headers: toNatsHeaders(options.headers),
      timeout,
    });
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }
}

function encode(subject: string, payload: unknown): Uint8Array {
  const json: string | undefined = JSON.stringify(payload);
  if (json === undefined) throw new TypeError(`cannot publish ${typeof payload} to ${subject}: not JSON`);
  return Buffer.from(json);
}

/** No answer, or no stream listening yet (JetStream still starting): worth another attempt. */
function isTransient(error: unknown): boolean {
  return error instanceof errors.TimeoutError || (error instanceof Error && error.name === 'JetStreamNotEnabled');
}

function toNatsHeaders(record: Record<string, string> | undefined): MsgHdrs | undefined {
  if (!record) return undefined;
  const result = natsHeaders();
  for (const [key, value] of Object.entries(record)) result.set(key, value);
  return result;
}
