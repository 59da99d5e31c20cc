import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type HandlerOutcome, JetStreamExceptionFilter } from '@herald/jetstream';
import { DeliveryAttemptRunner } from './delivery-attempt.runner';
import type { DeliveryJob } from './delivery-job';

/** Consumers `webhooks-deliverer` (first attempts) and `webhooks-retrier` (the rest). */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class DeliveryHandlers {
  constructor(private readonly runner: DeliveryAttemptRunner) {}

  @EventPattern('webhooks.deliver.>')
  deliver(@Payload() job: DeliveryJob): Promise<HandlerOutcome | void> {
    return this.runner.run(job, 'fresh');
  }

  @EventPattern('webhooks.retry.>')
  retry(@Payload() job: DeliveryJob): Promise<HandlerOutcome | void> {
    return this.runner.run(job, 'retry');
  }
}
