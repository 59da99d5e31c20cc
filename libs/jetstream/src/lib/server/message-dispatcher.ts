import type { LoggerService } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { ResolvedConsumerSpec } from '../provisioning/consumer-spec';
import type { RejectedMessageRecorder } from '../recorder/rejected-message-recorder';
import {
  type DeliveryAttempt,
  errorMessage,
  retryDelayFor,
  retryOrExhaust,
  type Settlement,
  settlementForError,
  settlementForResult,
} from '../outcome/settlement';
import { type DeliveredMessage, JetStreamContext } from './jetstream.context';
import { toMessageHeaders } from './message-headers';
import type { PayloadSchema, RegisteredHandler } from './registered-handler';
import type { SubjectMatcher } from './subject-matcher';

export type MessageDispatcherOptions = {
  spec: ResolvedConsumerSpec;
  handlers: SubjectMatcher<RegisteredHandler>;
  recorder: RejectedMessageRecorder;
  logger: LoggerService;
};

type Decoded = { ok: true; data: unknown } | { ok: false; reason: string };

/**
 * Runs one delivered message through its handler and settles it from the outcome: ack only
 * after the handler resolved, nak with a delay to retry, record then term to reject.
 */
export class MessageDispatcher {
  constructor(private readonly options: MessageDispatcherOptions) {}

  async dispatch(msg: JsMsg): Promise<void> {
    const settlement = await this.decide(msg);
    try {
      await this.settle(msg, settlement);
    } catch (error) {
      // The connection went away; an unsettled message is redelivered after ack_wait.
      this.options.logger.warn(`could not settle ${describe(msg)}: ${errorMessage(error)}`);
    }
  }

  private async decide(msg: JsMsg): Promise<Settlement> {
    const attempt = this.attemptOf(msg);
    const match = this.options.handlers.match(msg.subject);
    if (!match) return retryOrExhaust(`no handler for subject ${msg.subject}`, undefined, attempt, false);
    const decoded = decode(msg.data, match.value.schema);
    if (!decoded.ok) return { action: 'term', reason: decoded.reason };
    const context = new JetStreamContext(this.deliveredMessage(msg));
    try {
      const result = await this.whileWorking(msg, () => match.value.invoke(decoded.data, context));
      return settlementForResult(result, attempt);
    } catch (error) {
      return settlementForError(error, attempt);
    }
  }

  private async settle(msg: JsMsg, settlement: Settlement): Promise<void> {
    if (settlement.action === 'ack') return msg.ack();
    if (settlement.action === 'term') return this.terminate(msg, settlement.reason);
    // A retry the handler asked for is flow control (not due yet, endpoint busy), one per message
    // under load: debug. A handler that failed is worth a warning.
    const line = `retrying ${describe(msg)} in ${settlement.delayMs} ms (delivery ${msg.info.deliveryCount}/${this.options.spec.maxDeliver}): ${settlement.reason}`;
    if (settlement.requested) this.options.logger.debug?.(line);
    else this.options.logger.warn(line);
    msg.nak(settlement.delayMs);
  }

  /** Records first: a message is only terminated once its rejection is on record. */
  private async terminate(msg: JsMsg, reason: string): Promise<void> {
    try {
      await this.options.recorder.record({
        stream: msg.info.stream,
        consumer: msg.info.consumer,
        subject: msg.subject,
        sequence: msg.seq,
        reason,
        payload: new Uint8Array(msg.data), // a copy: the recorder may keep it past this message
        headers: toMessageHeaders(msg.headers),
      });
    } catch (error) {
      this.options.logger.error(`could not record rejection of ${describe(msg)}, retrying it: ${errorMessage(error)}`);
      return msg.nak(retryDelayFor(this.attemptOf(msg)));
    }
    this.options.logger.warn(`terminated ${describe(msg)}: ${reason}`);
    // No reason on the wire: nats-server 2.9 does not parse `+TERM <reason>` and ignores the term.
    msg.term();
  }

  /** Keeps ack_wait from expiring under a handler that runs longer than half of it. */
  private async whileWorking<T>(msg: JsMsg, run: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => safely(() => msg.working()), this.options.spec.ackWaitMs / 2);
    try {
      return await run();
    } finally {
      clearInterval(timer);
    }
  }

  private attemptOf(msg: JsMsg): DeliveryAttempt {
    const { maxDeliver, retryDelaysMs } = this.options.spec;
    return { deliveryCount: msg.info.deliveryCount, maxDeliver, retryDelaysMs };
  }

  private deliveredMessage(msg: JsMsg): DeliveredMessage {
    return {
      subject: msg.subject,
      headers: toMessageHeaders(msg.headers),
      stream: msg.info.stream,
      consumer: msg.info.consumer,
      deliveryCount: msg.info.deliveryCount,
      maxDeliver: this.options.spec.maxDeliver,
      streamSequence: msg.seq,
      msgId: msg.headers?.get('Nats-Msg-Id') || undefined,
      publishedAt: msg.time,
      working: () => safely(() => msg.working()),
    };
  }
}

function decode(data: Uint8Array, schema: PayloadSchema | undefined): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${errorMessage(error)}` };
  }
  if (!schema) return { ok: true, data: parsed };
  try {
    return { ok: true, data: schema.parse(parsed) };
  } catch (error) {
    return { ok: false, reason: `invalid payload: ${errorMessage(error)}` };
  }
}

function describe(msg: JsMsg): string {
  return `${msg.info.stream}#${msg.seq} (${msg.subject})`;
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // Best effort: a lost in-progress signal at worst lets ack_wait expire and redeliver.
  }
}
