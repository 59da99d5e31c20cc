import { BaseRpcContext } from '@nestjs/microservices';

export type MessageHeaders = Readonly<Record<string, readonly string[]>>;

/** What a handler may know about the delivery it is handling, free of any NATS client type. */
export type DeliveredMessage = {
  readonly subject: string;
  readonly headers: MessageHeaders;
  readonly stream: string;
  readonly consumer: string;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly maxDeliver: number;
  readonly streamSequence: number;
  /** The publisher's `Nats-Msg-Id`, when it set one. */
  readonly msgId: string | undefined;
  readonly publishedAt: Date;
  /** Resets the consumer's ack_wait for this message. */
  readonly working: () => void;
};

/** The `@Ctx()` of a JetStream handler. */
export class JetStreamContext extends BaseRpcContext<[DeliveredMessage]> {
  constructor(private readonly message: DeliveredMessage) {
    super([message]);
  }

  get subject(): string {
    return this.message.subject;
  }

  get headers(): MessageHeaders {
    return this.message.headers;
  }

  get stream(): string {
    return this.message.stream;
  }

  get consumer(): string {
    return this.message.consumer;
  }

  get deliveryCount(): number {
    return this.message.deliveryCount;
  }

  get maxDeliver(): number {
    return this.message.maxDeliver;
  }

  /** No retry will follow this delivery: a retry now is recorded as exhausted. */
  get isLastDelivery(): boolean {
    return this.message.deliveryCount >= this.message.maxDeliver;
  }

  get streamSequence(): number {
    return this.message.streamSequence;
  }

  get msgId(): string | undefined {
    return this.message.msgId;
  }

  get publishedAt(): Date {
    return this.message.publishedAt;
  }

  /** First value of a header, matched case-insensitively. */
  header(name: string): string | undefined {
    const wanted = name.toLowerCase();
    const key = Object.keys(this.message.headers).find((candidate) => candidate.toLowerCase() === wanted);
    return key === undefined ? undefined : this.message.headers[key]?.[0];
  }

  /** Tells the server the handler is still busy; the transport also does this on its own. */
  working(): void {
    this.message.working();
  }
}
