import { Injectable } from '@nestjs/common';
import { type InboundSource, type Prisma, PrismaService } from '@herald/database';

export type NewSource = Pick<
  InboundSource,
  'id' | 'orgId' | 'name' | 'scheme' | 'description' | 'active' | 'rateLimitPerMinute' | 'secret'
> & { options: Prisma.InputJsonValue | null };

export type SourceChanges = Partial<
  Pick<InboundSource, 'name' | 'description' | 'active' | 'rateLimitPerMinute' | 'secret' | 'previousSecret'>
> & { options?: Prisma.InputJsonValue; previousSecretExpiresAt?: Date | null };

/** Sources, always read and written within one organization: a foreign id is simply not found. */
@Injectable()
export class SourcesRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(source: NewSource): Promise<InboundSource> {
    const { options, ...rest } = source;
    return this.prisma.inboundSource.create({ data: { ...rest, ...(options === null ? {} : { options }) } });
  }

  find(orgId: string, id: string): Promise<InboundSource | null> {
    return this.prisma.inboundSource.findFirst({ where: { id, orgId } });
  }

  findByName(orgId: string, name: string): Promise<InboundSource | null> {
    return this.prisma.inboundSource.findUnique({ where: { orgId_name: { orgId, name } } });
  }

  /** One page in id (creation) order, fetching one extra row to know whether another page follows. */
  page(orgId: string, limit: number, after?: string): Promise<InboundSource[]> {
    return this.prisma.inboundSource.findMany({
      where: { orgId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  async update(orgId: string, id: string, changes: SourceChanges): Promise<InboundSource | null> {
    const { count } = await this.prisma.inboundSource.updateMany({ where: { id, orgId }, data: changes });
    return count === 0 ? null : this.find(orgId, id);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.inboundSource.deleteMany({ where: { id, orgId } });
    return count > 0;
  }
}
