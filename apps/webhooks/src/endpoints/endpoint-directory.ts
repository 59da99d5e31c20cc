import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaService, type WebhookEndpoint } from '@herald/database';
import { InvalidatedCache, JetStreamConnection } from '@herald/jetstream';

export const ENDPOINTS_CHANGED_SUBJECT = 'herald.webhooks.endpoints.changed';

/** What a delivery needs of its endpoint: where to send, and the sealed secrets to sign with. */
export type DeliveryEndpoint = Pick<
  WebhookEndpoint,
  'id' | 'orgId' | 'url' | 'active' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'
>;

type ActiveEndpoint = DeliveryEndpoint & { events: ReadonlySet<string> };

/**
 * An organization's active endpoints: which take an event type (the dispatcher asks for every
 * event) and where a new delivery goes (its first attempt asks). The answer is kept per
 * organization and dropped when its endpoints change, here at once and in the other replicas
 * through a NATS message.
 */
@Injectable()
export class EndpointDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly orgs: InvalidatedCache<ReadonlyMap<string, ActiveEndpoint>>;

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
    return [...endpoints.values()].filter((endpoint) => endpoint.events.has(type)).map((endpoint) => endpoint.id);
  }

  /** The endpoint when it is active; undefined when it is disabled or gone. */
  async activeEndpoint(orgId: string, endpointId: string): Promise<DeliveryEndpoint | undefined> {
    return (await this.orgs.get(orgId)).get(endpointId);
  }

  /** Call after any change to the organization's endpoints (created, updated, deleted, disabled, rotated). */
  changed(orgId: string): void {
    this.orgs.invalidate(orgId);
  }

  private async load(orgId: string): Promise<ReadonlyMap<string, ActiveEndpoint>> {
    const rows = await this.prisma.webhookEndpoint.findMany({
      where: { orgId, active: true },
      select: {
        id: true,
        orgId: true,
        url: true,
        active: true,
        secret: true,
        previousSecret: true,
        previousSecretExpiresAt: true,
        events: true,
      },
    });
    return new Map(rows.map((row) => [row.id, { ...row, events: new Set(row.events) }]));
  }
}
