import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type HandlerOutcome, JetStreamContext, JetStreamExceptionFilter } from '@herald/jetstream';
import { DeliveryAttemptRunner, type JobOrigin } from './delivery-attempt.runner';
import { type DeliveryJob, deliveryJobSchema } from './delivery-job';
import { type DeliveryLane, WEBHOOKS_SUBJECTS } from '../topology';

/** Consumers `webhooks-deliverer` (first attempts) and `webhooks-retrier` (the rest). */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class DeliveryHandlers {
  constructor(private readonly runner: DeliveryAttemptRunner) {}

  @EventPattern(WEBHOOKS_SUBJECTS.fresh, { schema: deliveryJobSchema })
  deliver(@Payload() job: DeliveryJob, @Ctx() context: JetStreamContext): Promise<HandlerOutcome | void> {
    return this.runner.run(job, originOf('fresh', context));
  }

  @EventPattern(WEBHOOKS_SUBJECTS.retry, { schema: deliveryJobSchema })
  retry(@Payload() job: DeliveryJob, @Ctx() context: JetStreamContext): Promise<HandlerOutcome | void> {
    return this.runner.run(job, originOf('retry', context));
  }
}

function originOf(lane: DeliveryLane, context: JetStreamContext): JobOrigin {
  return { lane, streamSequence: context.streamSequence, deliveryCount: context.deliveryCount };
}
