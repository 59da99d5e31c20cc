import { Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { toAttemptView, toDeliveryView } from './delivery-view';
import type { DeliveryDetailDto, DeliveryListDto, DeliveryStatus } from './dto/delivery-response.dto';

const DEFAULT_PAGE_SIZE = 50;

/** The delivery log, read within one organization: another organization's ids are not found. */
@Injectable()
export class DeliveryLogService {
  constructor(private readonly prisma: PrismaService) {}

  async list(
    orgId: string,
    endpointId: string,
    query: { status?: DeliveryStatus; limit?: number; cursor?: string },
  ): Promise<DeliveryListDto> {
    const endpoint = await this.prisma.webhookEndpoint.count({ where: { id: endpointId, orgId } });
    if (endpoint === 0) throw new NotFoundException(`webhook endpoint ${endpointId} not found`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // Newest first: ids sort by creation time, so the cursor is the last id of the page.
    const rows = await this.prisma.webhookDelivery.findMany({
      where: {
        endpointId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.cursor ? { id: { lt: query.cursor } } : {}),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { deliveries: page.map(toDeliveryView), next_cursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  async get(orgId: string, deliveryId: string): Promise<DeliveryDetailDto> {
    const delivery = await this.prisma.webhookDelivery.findFirst({
      where: { id: deliveryId, orgId },
      include: { attemptLog: { orderBy: { attempt: 'asc' } } },
    });
    if (!delivery) throw new NotFoundException(`delivery ${deliveryId} not found`);
    return {
      ...toDeliveryView(delivery),
      endpoint_id: delivery.endpointId,
      attempt_log: delivery.attemptLog.map(toAttemptView),
    };
  }
}
