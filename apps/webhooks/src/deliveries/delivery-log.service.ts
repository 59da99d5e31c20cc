import { Injectable, NotFoundException } from '@nestjs/common';
import { cursorPage, DEFAULT_PAGE_SIZE } from '@herald/http-app';
import { PrismaService } from '@herald/database';
import { EndpointsService } from '../endpoints/endpoints.service';
import { toAttemptView, toDeliveryView } from './delivery-view';
import type { DeliveryDetailDto, DeliveryListDto, DeliveryStatus } from './dto/delivery-response.dto';

/** The delivery log, read within one organization: another organization's ids are not found. */
@Injectable()
export class DeliveryLogService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly endpoints: EndpointsService,
  ) {}

  async list(
    orgId: string,
    endpointId: string,
    query: { status?: DeliveryStatus; limit?: number; cursor?: string },
  ): Promise<DeliveryListDto> {
    await this.endpoints.get(orgId, endpointId);
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
    const { items, nextCursor } = cursorPage(rows, limit);
    return { deliveries: items.map(toDeliveryView), next_cursor: nextCursor };
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
