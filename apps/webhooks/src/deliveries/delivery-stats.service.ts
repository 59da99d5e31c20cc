import { Injectable } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { EndpointsService } from '../endpoints/endpoints.service';
import type { DeliveryStatsDto } from './dto/delivery-stats.dto';

const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** `GET /v1/webhooks/metrics`: how an organization's (or one endpoint's) deliveries are doing. */
@Injectable()
export class DeliveryStatsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly endpoints: EndpointsService,
  ) {}

  async stats(orgId: string, query: { since?: string; endpoint_id?: string }): Promise<DeliveryStatsDto> {
    const since = query.since ? new Date(query.since) : new Date(Date.now() - DEFAULT_WINDOW_MS);
    if (query.endpoint_id) await this.endpoints.get(orgId, query.endpoint_id);
    const where = { orgId, createdAt: { gte: since }, ...(query.endpoint_id ? { endpointId: query.endpoint_id } : {}) };
    const [byStatus, latency] = await Promise.all([
      this.prisma.webhookDelivery.groupBy({ by: ['status'], where, _count: { _all: true } }),
      this.prisma.webhookDeliveryAttempt.aggregate({
        where: { startedAt: { gte: since }, delivery: where },
        _avg: { durationMs: true },
      }),
    ]);
    const count = (status: string) => byStatus.find((row) => row.status === status)?._count._all ?? 0;
    const [delivered, failed, pending] = [count('success'), count('failed'), count('pending')];
    const settled = delivered + failed;
    const average = latency._avg.durationMs;
    return {
      since: since.toISOString(),
      total: delivered + failed + pending,
      delivered,
      failed,
      pending,
      success_rate: settled ? Number((delivered / settled).toFixed(4)) : null,
      average_latency_ms: average === null ? null : Math.round(average),
    };
  }
}
