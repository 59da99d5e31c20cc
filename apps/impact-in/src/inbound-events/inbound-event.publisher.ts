import { Injectable } from '@nestjs/common';
import type { InboundEvent } from '@herald/database';
import type { InboundEnvelope } from '@herald/events';
import { JetStreamConnection, JetStreamPublisher } from '@herald/jetstream';
import { inboundEventSubject } from '../topology';

/** What the envelope is made of: a stored row, or one about to be stored. */
export type PublishableEvent = Pick<
  InboundEvent,
  'id' | 'orgId' | 'sourceName' | 'sourceId' | 'scheme' | 'eventType' | 'senderEventId' | 'receivedAt'
>;

/** How long a sender waits for the stream's acknowledgement before it is told to retry (503). */
const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * NATS refuses a message over the server's max_payload (1 MiB by default), and a body of up to
 * 1 MiB is accepted: an envelope that would not fit travels without its data, which consumers
 * then read from GET /v1/inbound-events/:id (a claim check).
 */
const MAX_ENVELOPE_BYTES = 1024 * 1024 - 16 * 1024;

/** Thrown when the INBOUND stream did not acknowledge a publish: the sender should retry. */
export class InboundPublishError extends Error {
  constructor(cause: unknown) {
    super(`INBOUND did not acknowledge the event: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'InboundPublishError';
  }
}

/**
 * Puts a stored inbound event on `inbound.<source>.<type>`. `Nats-Msg-Id` is the event id, so a
 * repeated publish inside the duplicate window is stored once; a replay gets an id of its own.
 */
@Injectable()
export class InboundEventPublisher {
  constructor(
    private readonly publisher: JetStreamPublisher,
    private readonly connection: JetStreamConnection,
  ) {}

  /** False while NATS is unreachable: ingestion then answers 503 at once instead of holding a transaction open. */
  isReachable(): boolean {
    return this.connection.isConnected();
  }

  async publish(event: PublishableEvent, data: unknown, replay?: number): Promise<void> {
    const envelope = fitToMessage(toEnvelope(event, data, replay));
    const subject = inboundEventSubject(event);
    try {
      await this.publisher.publish(subject, envelope, {
        msgId: replay ? `${event.id}:replay:${replay}` : event.id,
        timeoutMs: PUBLISH_TIMEOUT_MS,
      });
    } catch (error) {
      throw new InboundPublishError(error);
    }
  }
}

function fitToMessage(envelope: InboundEnvelope): InboundEnvelope {
  if (Buffer.byteLength(JSON.stringify(envelope)) <= MAX_ENVELOPE_BYTES) return envelope;
  return { ...envelope, data: null, data_omitted: true };
}

export function toEnvelope(event: PublishableEvent, data: unknown, replay?: number): InboundEnvelope {
  return {
    id: event.id,
    org_id: event.orgId,
    source: event.sourceName,
    source_id: event.sourceId,
    scheme: event.scheme,
    type: event.eventType,
    sender_event_id: event.senderEventId,
    received_at: event.receivedAt.toISOString(),
    ...(replay ? { replay } : {}),
    data,
  };
}
