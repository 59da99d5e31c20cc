import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { DeliveryResult } from '@herald/http-delivery';
import { type HandlerOutcome, JetStreamPublisher, reject, retry } from '@herald/jetstream';
import { EndpointDirectory } from '../endpoints/endpoint-directory';
import { EndpointSigners } from '../endpoints/endpoint-signers';
import { DeliveryHttpClient } from './delivery-http.client';
import { type DeliveryJob, deliveryJobFor } from './delivery-job';
import { type DeliveryLane, webhookRetrySubject } from '../topology';
import { type DeliveryContext, type DeliveryOutcome, DeliveryStore } from './delivery.store';
import { DeliveryTelemetry } from './delivery.telemetry';
import { EndpointCircuitBreaker } from './endpoint-circuit-breaker';
import { EndpointConcurrencyLimit, type EndpointSlot } from './endpoint-concurrency.limit';
import { EndpointDisabledAnnouncer } from './endpoint-disabled.announcer';
import { buildWebhookRequest } from './webhook-request.factory';

/** ±10 % on every delay, so deliveries that failed together do not all retry in the same instant. */
const JITTER = 0.1;
/** How long a delivery to an endpoint already at its concurrency limit waits before it looks again. */
const BUSY_WAIT_MS = 500;
const MIN_SPREAD_MS = 1_000;

/**
 * One attempt of one delivery: sign, send, record, then decide. A failure that has attempts left
 * goes to the retry lane with the time of its next attempt; the last one, or a 410 Gone, fails
 * the delivery for good (dead letter). A delivery whose endpoint is at its concurrency limit, or
 * whose circuit is open, is not attempted: it waits in the retry lane, so it never holds a slot
 * that other tenants' fresh deliveries need.
 */
@Injectable()
export class DeliveryAttemptRunner {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly store: DeliveryStore,
    private readonly signers: EndpointSigners,
    private readonly http: DeliveryHttpClient,
    private readonly publisher: JetStreamPublisher,
    private readonly concurrency: EndpointConcurrencyLimit,
    private readonly breaker: EndpointCircuitBreaker,
    private readonly telemetry: DeliveryTelemetry,
    private readonly announcer: EndpointDisabledAnnouncer,
    private readonly directory: EndpointDirectory,
  ) {}

  /**
   * The breaker and the concurrency limit are consulted before the database: a dead or saturated
   * endpoint's thousands of waiting deliveries cost a nak each, not a query each. The endpoint's
   * slot is held for the request only, not for the reads and writes around it.
   */
  async run(job: DeliveryJob, origin: JobOrigin): Promise<HandlerOutcome | void> {
    const waitMs = job.not_before ? Date.parse(job.not_before) - Date.now() : 0;
    if (waitMs > 0) return retry(waitMs, 'not due yet');
    if (!this.concurrency.hasRoom(job.endpoint_id)) return this.defer(job, origin, Date.now() + BUSY_WAIT_MS);
    const blockedUntil = this.breaker.blockedUntil(job.endpoint_id);
    if (blockedUntil) return this.defer(job, origin, spread(blockedUntil));
    const delivery = await this.contextOf(job, origin);
    if (!delivery) return reject(`delivery ${job.delivery_id} does not exist`);
    if (delivery.status !== 'pending') return;
    if (!delivery.endpoint.active) return this.store.fail(delivery.id, 'endpoint is disabled');
    const slot = await this.concurrency.acquire(job.endpoint_id);
    if (!slot) return this.defer(job, origin, Date.now() + BUSY_WAIT_MS);
    try {
      await this.attempt(delivery, slot);
    } finally {
      slot.release();
    }
  }

  /**
   * A new delivery's first job carries its body, and its endpoint is in the directory: nothing to
   * read. Everything else (retries, resends, a redelivered job that may have been attempted, an
   * endpoint no longer active) is read from Postgres, which also says whether it is still pending.
   */
  private async contextOf(job: DeliveryJob, origin: JobOrigin): Promise<DeliveryContext | null> {
    if (job.body === undefined || origin.deliveryCount > 1) return this.store.load(job.delivery_id);
    const endpoint = await this.directory.activeEndpoint(job.org_id, job.endpoint_id);
    if (!endpoint) return this.store.load(job.delivery_id);
    return {
      id: job.delivery_id,
      orgId: job.org_id,
      endpointId: job.endpoint_id,
      eventId: job.event_id,
      status: 'pending',
      attempts: 0,
      endpoint,
      body: job.body,
    };
  }

  /** Gives the endpoint's slot back as soon as the receiver has answered. */
  private async attempt(delivery: DeliveryContext, slot: EndpointSlot): Promise<void> {
    const attempt = delivery.attempts + 1;
    const request = buildWebhookRequest({
      deliveryId: delivery.id,
      attempt,
      body: delivery.body,
      signer: this.signers.signer(delivery.endpoint),
    });
    const startedAt = new Date();
    const result = await this.http.post({ url: delivery.endpoint.url, ...request }).finally(() => slot.release());
    const outcome = this.decide(attempt, result);
    if (result.ok) this.breaker.succeeded(delivery.endpointId);
    else this.breaker.failed(delivery.endpointId);
    const disabling = await this.store.recordAttempt(
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
    this.telemetry.attempted(outcome.status === 'pending' ? 'retry' : outcome.status, result.durationMs);
    if (outcome.status === 'pending') await this.scheduleRetry(delivery, attempt, outcome.nextAttemptAt);
    if (!disabling) return;
    this.directory.changed(delivery.orgId);
    this.telemetry.endpointDisabled(disabling.reason);
    await this.announcer.announce(delivery.endpoint, disabling);
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

  /**
   * Puts the next attempt off until `until` without spending it. In the retry lane that is a nak
   * with delay; a fresh job moves to the retry lane and is acked, freeing its slot at once (its
   * stream sequence makes the move idempotent when the fresh job is redelivered).
   */
  private async defer(job: DeliveryJob, origin: JobOrigin, until: number): Promise<HandlerOutcome | void> {
    this.telemetry.deferred();
    if (origin.lane === 'retry') return retry(until - Date.now(), 'endpoint busy or its circuit open');
    const { body, ...pointer } = job;
    await this.publisher.publish(
      webhookRetrySubject(job.endpoint_id),
      { ...pointer, not_before: new Date(until).toISOString() },
      { msgId: `${job.delivery_id}.deferred.${origin.streamSequence}` },
    );
  }
}

/** Which lane a job came from, its place in that lane's stream, and how many times it was delivered. */
export type JobOrigin = { lane: DeliveryLane; streamSequence: number; deliveryCount: number };

/** Deliveries held back together come back spread over as long again, not all in one instant. */
function spread(until: number): number {
  return until + Math.random() * Math.max(until - Date.now(), MIN_SPREAD_MS);
}

function withJitter(delayMs: number): number {
  return Math.round(delayMs * (1 - JITTER + Math.random() * 2 * JITTER));
}

function describeFailure(result: DeliveryResult): string {
  if (result.error) return `${result.error.kind}: ${result.error.message}`;
  return `the receiver answered ${result.status}`;
}
