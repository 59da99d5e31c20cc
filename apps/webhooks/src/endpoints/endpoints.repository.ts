import { Injectable } from '@nestjs/common';
import { PrismaService, type WebhookEndpoint } from '@herald/database';

export type EndpointChanges = Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'description' | 'active' | 'secret'>> & {
  previousSecret?: string | null;
  previousSecretExpiresAt?: Date | null;
  disabledAt?: Date | null;
  disabledReason?: string | null;
};

/** Endpoints, always read and written within one organization: a foreign id is simply not found. */
@Injectable()
export class EndpointsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: Pick<WebhookEndpoint, 'id' | 'orgId' | 'url' | 'events' | 'description' | 'active' | 'secret'>) {
    return this.prisma.webhookEndpoint.create({ data });
  }

  find(orgId: string, id: string): Promise<WebhookEndpoint | null> {
    return this.prisma.webhookEndpoint.findFirst({ where: { id, orgId } });
  }

  /** One page in id (creation) order, fetching one extra row to know whether another page follows. */
  page(orgId: string, limit: number, after?: string): Promise<WebhookEndpoint[]> {
    return this.prisma.webhookEndpoint.findMany({
      where: { orgId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  async update(orgId: string, id: string, changes: EndpointChanges): Promise<WebhookEndpoint | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({ where: { id, orgId }, data: changes });
    return count === 0 ? null : this.find(orgId, id);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.webhookEndpoint.deleteMany({ where: { id, orgId } });
    return count > 0;
  }
}
