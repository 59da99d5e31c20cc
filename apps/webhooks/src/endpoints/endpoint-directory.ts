import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { InvalidatedCache, JetStreamConnection } from '@herald/jetstream';

export const ENDPOINTS_CHANGED_SUBJECT = 'herald.webhooks.endpoints.changed';

type ActiveEndpoint = { id: string; events: ReadonlySet<string> };

/**
 * Which active endpoints of an organization take an event type: the dispatcher asks for every
 * event, so the answer is kept per organization and dropped when its endpoints change, here at
 * once and in the other replicas through a NATS message.
 */
@Injectable()
export class EndpointDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly orgs: InvalidatedCache<ActiveEndpoint[]>;

  constructor(
    private readonly prisma: PrismaService,
    connection: JetStreamConnection,
  ) {
    this.orgs = new InvalidatedCache(connection, {
      subject: ENDPOINTS_CHANGED_SUBJECT,
      load: (orgId) => this.load(orgId),
    });
  }

  onModuleInit(): void {
    this.orgs.listen();
  }

  onModuleDestroy(): void {
    this.orgs.close();
  }

  async subscribedTo(orgId: string, type: string): Promise<string[]> {
    const endpoints = await this.orgs.get(orgId);
    return endpoints.filter((endpoint) => endpoint.events.has(type)).map((endpoint) => endpoint.id);
  }

  /** Call after any change to the organization's endpoints (created, updated, deleted, disabled). */
  changed(orgId: string): void {
    this.orgs.invalidate(orgId);
  }

  private async load(orgId: string): Promise<ActiveEndpoint[]> {
    const rows = await this.prisma.webhookEndpoint.findMany({
      where: { orgId, active: true },
      select: { id: true, events: true },
    });
    return rows.map((row) => ({ id: row.id, events: new Set(row.events) }));
  }
}
