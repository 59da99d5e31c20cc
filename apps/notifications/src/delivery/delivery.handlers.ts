import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, eventEnvelopeSchema } from '@herald/events';
import { type HandlerOutcome, JetStreamContext, JetStreamExceptionFilter } from '@herald/jetstream';
import { RulesService } from '../rules/rules.service';
import { type NotificationRequest, notificationRequestSchema } from '../sending/dto/send-notification.dto';
import { NotificationIntake } from '../sending/notification-intake.service';
import { type DigestJob, NOTIFICATIONS_SUBJECTS, type StepJob } from '../topology';
import { DigestFlusher } from './digest-flusher.service';
import { StepRunner } from './step-runner.service';

/** Consumers notifications-requests, -steps, -digests and -rules. */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class DeliveryHandlers {
  constructor(
    private readonly intake: NotificationIntake,
    private readonly steps: StepRunner,
    private readonly digests: DigestFlusher,
    private readonly rules: RulesService,
  ) {}

  @EventPattern(NOTIFICATIONS_SUBJECTS.requests, { schema: notificationRequestSchema })
  async request(@Payload() request: NotificationRequest, @Ctx() context: JetStreamContext): Promise<void> {
    // Without a key of its own, the message's id (or its place in the stream) keeps a redelivery to one send.
    await this.intake.process(request, `nats:${context.msgId ?? `${context.stream}:${context.streamSequence}`}`);
  }

  @EventPattern(NOTIFICATIONS_SUBJECTS.steps)
  step(@Payload() job: StepJob): Promise<HandlerOutcome | void> {
    return this.steps.run(job.step_id);
  }

  @EventPattern(NOTIFICATIONS_SUBJECTS.digests)
  digest(@Payload() job: DigestJob): Promise<HandlerOutcome | void> {
    return this.digests.flush(job.digest_id);
  }

  @EventPattern(NOTIFICATIONS_SUBJECTS.events, { schema: eventEnvelopeSchema })
  event(@Payload() envelope: EventEnvelope): Promise<void> {
    return this.rules.handle(envelope);
  }
}
