import { Injectable } from '@nestjs/common';
import { newId } from '@herald/ids';
import { JetStreamPublisher } from '@herald/jetstream';
import { type EventEnvelope, validateEventEnvelope } from './event-envelope';
import { eventSubject } from './subjects';

export type PublishEventInput = {
  orgId: string;
  type: string;
  data: Record<string, unknown>;
  /** Your own id makes a retried publish idempotent; a fresh `evt_…` id otherwise. */
  id?: string;
  createdAt?: Date;
};

export type PublishedEvent = { envelope: EventEnvelope; subject: string; seq: number; duplicate: boolean };

/** Thrown for an event that does not make a valid envelope; `reason` names the fields. */
export class InvalidEventError extends Error {
  constructor(readonly reason: string) {
    super(`invalid event: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * How platform services put events on the EVENTS stream: builds and validates the envelope and
 * publishes it to `events.<orgId>.<type>` with `Nats-Msg-Id` = event id, so a re-publish inside
 * the stream's duplicate window is stored once.
 */
@Injectable()
export class EventPublisher {
  constructor(private readonly publisher: JetStreamPublisher) {}

  async publish(input: PublishEventInput): Promise<PublishedEvent> {
    const envelope = buildEnvelope(input);
    const subject = eventSubject(envelope.org_id, envelope.type);
    const result = await this.publisher.publish(subject, envelope, { msgId: envelope.id });
    return { envelope, subject, seq: result.seq, duplicate: result.duplicate };
  }
}

export function buildEnvelope(input: PublishEventInput): EventEnvelope {
  const candidate = {
    id: input.id ?? newId('evt'),
    type: input.type,
    org_id: input.orgId,
    created_at: (input.createdAt ?? new Date()).toISOString(),
    data: input.data,
  };
  const result = validateEventEnvelope(candidate);
  if (!result.ok) throw new InvalidEventError(result.reason);
  return result.envelope;
}
