import type { LoggerService } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import type { JetStreamConnection } from '../connection/jetstream-connection';
import { errorMessage } from '../outcome/settlement';
import type { ResolvedConsumerSpec } from '../provisioning/consumer-spec';
import type { RejectedMessageRecorder } from '../recorder/rejected-message-recorder';
import { toMessageHeaders } from './message-headers';

type MaxDeliveriesAdvisory = { stream: string; consumer: string; stream_seq: number; deliveries: number };

/**
 * The server's MAX_DELIVERIES advisory fires when a message's last delivery was never settled
 * (its process died mid-handler): the dispatcher cannot record that one, so this does. One
 * process per consumer gets each advisory (queue group).
 */
export class MaxDeliveriesListener {
  private subscription?: Subscription;

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly spec: ResolvedConsumerSpec,
    private readonly recorder: RejectedMessageRecorder,
    private readonly logger: LoggerService,
  ) {}

  start(): void {
    const { stream, durable } = this.spec;
    this.subscription = this.connection
      .unwrap()
      .subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`, {
        queue: `${durable}-max-deliveries`,
        callback: (error, msg) => {
          const advisory = error ? undefined : parseAdvisory(msg.string());
          if (advisory) void this.onAdvisory(advisory);
        },
      });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private async onAdvisory(advisory: MaxDeliveriesAdvisory): Promise<void> {
    const where = `${advisory.stream}#${advisory.stream_seq} on ${advisory.consumer}`;
    this.logger.error(`${where} ran out of deliveries (${advisory.deliveries}) without being settled`);
    try {
      const jsm = await this.connection.manager();
      const stored = await jsm.streams.getMessage(advisory.stream, { seq: advisory.stream_seq });
      if (!stored) return;
      await this.recorder.record({
        stream: advisory.stream,
        consumer: advisory.consumer,
        subject: stored.subject,
        sequence: stored.seq,
        reason: `exhausted after ${advisory.deliveries} deliveries: last delivery was never settled`,
        payload: stored.data,
        headers: toMessageHeaders(stored.header),
      });
    } catch (error) {
      this.logger.error(`could not record ${where}: ${errorMessage(error)}`);
    }
  }
}

function parseAdvisory(text: string): MaxDeliveriesAdvisory | undefined {
  try {
    const advisory: unknown = JSON.parse(text);
    return isAdvisory(advisory) ? advisory : undefined;
  } catch {
    return undefined;
  }
}

function isAdvisory(value: unknown): value is MaxDeliveriesAdvisory {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof MaxDeliveriesAdvisory, unknown>>;
  return typeof candidate.stream === 'string' && typeof candidate.stream_seq === 'number';
}
