import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { newId } from '@herald/ids';
import type { Principal } from './principal';

export type OrganizationView = { id: string; name: string; created_at: string };

@Injectable()
export class OrganizationsService {
  constructor(private readonly prisma: PrismaService) {}

  async create(name: string): Promise<OrganizationView> {
    const org = await this.prisma.organization.create({ data: { id: newId('org'), name } });
    return { id: org.id, name: org.name, created_at: org.createdAt.toISOString() };
  }

  /** Creating organizations is the operator's alone: an organization's admin key manages only its own. */
  requireOperator(principal: Principal): void {
    if (principal.kind !== 'operator') throw new ForbiddenException('only ADMIN_TOKEN may create organizations');
  }

  /**
   * The organization the principal may act on. An organization that does not exist and one that
   * belongs to somebody else answer the same 404, so ids cannot be probed.
   */
  async requireAccessible(principal: Principal, orgId: string): Promise<void> {
    const foreign = principal.kind === 'api-key' && principal.orgId !== orgId;
    const exists = !foreign && (await this.prisma.organization.count({ where: { id: orgId } })) > 0;
    if (!exists) throw new NotFoundException(`organization ${orgId} not found`);
  }
}
