import { Inject, Injectable, Logger } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { DeliveryResult } from '@herald/http-delivery';
import { type HandlerOutcome, JetStreamPublisher, reject, retry } from '@herald/jetstream';
import { EndpointSecretVault } from '../endpoints/endpoint-secret-vault';
import { DeliveryHttpClient } from './delivery-http.client';
import { type DeliveryJob, deliveryJobFor } from './delivery-job';
import { webhookRetrySubject } from './delivery-lanes';
import { type DeliveryContext, type DeliveryOutcome, DeliveryStore } from './delivery.store';
import { buildWebhookRequest } from './webhook-request.factory';

/** ±10 % on every delay, so deliveries that failed together do not all retry in the same instant. */
const JITTER = 0.1;

/**
 * One attempt of one delivery: sign, send, record, then decide. A failure that has attempts left
 * goes to the retry lane with the time of its next attempt; the last one, or a 410 Gone, fails
 * the delivery for good (dead letter).
 */
@Injectable()
export class DeliveryAttemptRunner {
  private readonly logger = new Logger(DeliveryAttemptRunner.name);

  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly store: DeliveryStore,
    private readonly vault: EndpointSecretVault,
    private readonly http: DeliveryHttpClient,
    private readonly publisher: JetStreamPublisher,
  ) {}

  async run(job: DeliveryJob): Promise<HandlerOutcome | void> {
    const waitMs = job.not_before ? Date.parse(job.not_before) - Date.now() : 0;
    if (waitMs > 0) return retry(waitMs, 'not due yet');
    const delivery = await this.store.load(job.delivery_id);
    if (!delivery) return reject(`delivery ${job.delivery_id} does not exist`);
    if (delivery.status !== 'pending') return;
    if (!delivery.endpoint.active) return this.store.fail(delivery.id, 'endpoint is disabled');
    await this.attempt(delivery);
  }

  private async attempt(delivery: DeliveryContext): Promise<void> {
    const attempt = delivery.attempts + 1;
    const request = buildWebhookRequest({
      deliveryId: delivery.id,
      attempt,
      payload: delivery.event.payload,
      secrets: this.vault.signingSecrets(delivery.endpoint),
    });
    const startedAt = new Date();
    const result = await this.http.post({ url: delivery.endpoint.url, ...request });
    const outcome = this.decide(attempt, result);
    const { endpointDisabled } = await this.store.recordAttempt(
      delivery,
      {
        attempt,
        startedAt,
        durationMs: Math.round(result.durationMs),
        statusCode: result.status,
        error: result.ok ? undefined : describeFailure(result),
        responseExcerpt: result.bodyExcerpt,
      },
      outcome,
      this.config.webhooks.disableAfter,
    );
    if (endpointDisabled) this.logger.warn(`endpoint ${delivery.endpointId} disabled after delivery ${delivery.id}`);
    if (outcome.status === 'pending') await this.scheduleRetry(delivery, attempt, outcome.nextAttemptAt);
  }

  private decide(attempt: number, result: DeliveryResult): DeliveryOutcome {
    if (result.ok) return { status: 'success' };
    if (result.status === 410) return { status: 'failed', disableEndpoint: 'the receiver answered 410 Gone' };
    const schedule = this.config.webhooks.retryScheduleMs;
    if (attempt > schedule.length) return { status: 'failed' };
    const delayMs = Math.max(withJitter(schedule[attempt - 1]), result.retryAfterMs ?? 0);
    return { status: 'pending', nextAttemptAt: new Date(Date.now() + delayMs) };
  }

  /** Attempt ids make the retry job idempotent: a redelivered attempt publishes it once. */
  private async scheduleRetry(delivery: DeliveryContext, attempt: number, notBefore: Date): Promise<void> {
    await this.publisher.publish(webhookRetrySubject(delivery.endpointId), deliveryJobFor(delivery, notBefore), {
      msgId: `${delivery.id}.${attempt + 1}`,
    });
  }
}

function withJitter(delayMs: number): number {
  return Math.round(delayMs * (1 - JITTER + Math.random() * 2 * JITTER));
}

function describeFailure(result: DeliveryResult): string {
  if (result.error) return `${result.error.kind}: ${result.error.message}`;
  return `the receiver answered ${result.status}`;
}
