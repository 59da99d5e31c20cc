import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { PrismaService } from '@herald/database';
import { buildEnvelope, webhookDeliverySubject } from '@herald/events';
import { JetStreamPublisher } from '@herald/jetstream';
import type { DeliveryRef } from '../dispatch/dispatch.repository';
import { EventDispatcher } from '../dispatch/event-dispatcher.service';
import { EndpointsService } from '../endpoints/endpoints.service';
import { deliveryJobFor } from './delivery-job';
import { webhookRetrySubject } from '../topology';
import type { ReplayAnswerDto } from './dto/replay.dto';

export type ResendAnswer = { delivery_id: string; event_id: string; status: 'pending' };

/** Deliveries claimed by one replay statement; a large replay takes several. */
const REPLAY_BATCH = 500;

type ClaimedDelivery = DeliveryRef & { attempts: number };

/**
 * Deliveries sent again on request: one failed or delivered delivery, every failed delivery of
 * an endpoint since a time (a replay), or a test event to one endpoint.
 */
@Injectable()
export class DeliveryResendService {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly prisma: PrismaService,
    private readonly publisher: JetStreamPublisher,
    private readonly dispatcher: EventDispatcher,
    private readonly endpoints: EndpointsService,
  ) {}

  /** One more attempt of a settled delivery, with the same webhook-id. */
  async retry(orgId: string, deliveryId: string): Promise<ResendAnswer> {
    const delivery = await this.prisma.webhookDelivery.findFirst({
      where: { id: deliveryId, orgId },
      include: { endpoint: true },
    });
    if (!delivery) throw new NotFoundException(`delivery ${deliveryId} not found`);
    if (!delivery.endpoint.active)
      throw new ConflictException('the endpoint is disabled: re-enable it first (PATCH active: true)');
    // Only a settled delivery moves back to pending: two concurrent retries send it once.
    const { count } = await this.prisma.webhookDelivery.updateMany({
      where: { id: deliveryId, status: { not: 'pending' } },
      data: { status: 'pending', nextAttemptAt: null },
    });
    if (count === 0) throw new ConflictException(`delivery ${deliveryId} is already pending`);
    await this.publisher.publish(webhookDeliverySubject(delivery.endpointId), deliveryJobFor(delivery), {
      msgId: `${delivery.id}.resend.${delivery.attempts + 1}`,
    });
    return { delivery_id: delivery.id, event_id: delivery.eventId, status: 'pending' };
  }

  /**
   * Every failed delivery of the endpoint created since `since`, sent again with its webhook-id.
   * They go through the retry lane due one after another at WEBHOOK_REPLAY_RATE per second, so a
   * replay of thousands cannot flood a receiver that has just come back.
   */
  async replay(orgId: string, endpointId: string, since: Date): Promise<ReplayAnswerDto> {
    const endpoint = await this.endpoints.get(orgId, endpointId);
    if (!endpoint.active)
      throw new ConflictException('the endpoint is disabled: re-enable it first (PATCH active: true)');
    const rate = this.config.webhooks.replayRatePerSecond;
    const startsAt = Date.now();
    let replayed = 0;
    for (;;) {
      const claimed = await this.claimFailed(endpointId, since);
      const dueAt = (index: number) => new Date(startsAt + ((replayed + index) * 1000) / rate);
      await this.publishReplayJobs(claimed, dueAt, startsAt);
      replayed += claimed.length;
      if (claimed.length < REPLAY_BATCH) break;
    }
    return {
      replayed,
      since: since.toISOString(),
      rate_per_second: rate,
      last_attempt_at: replayed ? new Date(startsAt + ((replayed - 1) * 1000) / rate).toISOString() : null,
    };
  }

  /** A batch whose jobs could not all be published goes back to failed, so none is left pending without a job. */
  private async publishReplayJobs(
    claimed: ClaimedDelivery[],
    dueAt: (index: number) => Date,
    replayId: number,
  ): Promise<void> {
    try {
      await Promise.all(
        claimed.map((delivery, index) =>
          this.publisher.publish(webhookRetrySubject(delivery.endpointId), deliveryJobFor(delivery, dueAt(index)), {
            msgId: `${delivery.id}.replay.${replayId}`,
          }),
        ),
      );
    } catch (error) {
      await this.prisma.webhookDelivery.updateMany({
        where: { id: { in: claimed.map((delivery) => delivery.id) }, status: 'pending' },
        data: { status: 'failed' },
      });
      throw error;
    }
  }

  /** Moves a batch of failed deliveries back to pending in one statement, so two replays never claim one twice. */
  private claimFailed(endpointId: string, since: Date): Promise<ClaimedDelivery[]> {
    return this.prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE "webhook_deliveries" SET "status" = 'pending', "next_attempt_at" = NULL, "updated_at" = now()
      WHERE "id" IN (
        SELECT "id" FROM "webhook_deliveries"
        WHERE "endpoint_id" = ${endpointId} AND "status" = 'failed' AND "created_at" >= ${since}
        ORDER BY "id" LIMIT ${REPLAY_BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING "id", "endpoint_id" AS "endpointId", "org_id" AS "orgId", "event_id" AS "eventId", "attempts"`;
  }

  /** A `webhook.test` event delivered to this endpoint alone. */
  async sendTestEvent(orgId: string, endpointId: string): Promise<ResendAnswer> {
    await this.endpoints.get(orgId, endpointId);
    const envelope = buildEnvelope({
      orgId,
      type: 'webhook.test',
      data: { endpoint_id: endpointId, message: 'A test event from Herald' },
    });
    const [delivery] = await this.dispatcher.enqueue(envelope, [endpointId]);
    return { delivery_id: delivery.id, event_id: envelope.id, status: 'pending' };
  }
}
