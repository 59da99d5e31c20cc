import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { PrismaService } from '@herald/database';
import { JetStreamConnection } from '@herald/jetstream';

/** Core NATS (not JetStream): a replica that misses one still drops its copy within CACHE_TTL_MS. */
export const ENDPOINTS_CHANGED_SUBJECT = 'herald.webhooks.endpoints.changed';
const CACHE_TTL_MS = 60_000;
const MAX_CACHED_ORGS = 10_000;

type ActiveEndpoint = { id: string; events: ReadonlySet<string> };
type CachedOrg = { loadedAt: number; endpoints: Promise<ActiveEndpoint[]> };

/**
 * Which active endpoints of an organization take an event type: the dispatcher asks for every
 * event, so the answer is kept per organization and dropped when its endpoints change, here at
 * once and in the other replicas through a NATS message.
 */
@Injectable()
export class EndpointDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly orgs = new Map<string, CachedOrg>();
  private subscription?: Subscription;

  constructor(
    private readonly prisma: PrismaService,
    private readonly connection: JetStreamConnection,
  ) {}

  onModuleInit(): void {
    this.subscription = this.connection.unwrap().subscribe(ENDPOINTS_CHANGED_SUBJECT, {
      callback: (error, message) => {
        if (!error) this.orgs.delete(message.string());
      },
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async subscribedTo(orgId: string, type: string): Promise<string[]> {
    const endpoints = await this.activeEndpoints(orgId);
    return endpoints.filter((endpoint) => endpoint.events.has(type)).map((endpoint) => endpoint.id);
  }

  /** Call after any change to the organization's endpoints (created, updated, deleted, disabled). */
  changed(orgId: string): void {
    this.orgs.delete(orgId);
    this.connection.unwrap().publish(ENDPOINTS_CHANGED_SUBJECT, orgId);
  }

  private activeEndpoints(orgId: string): Promise<ActiveEndpoint[]> {
    const cached = this.orgs.get(orgId);
    if (cached && Date.now() - cached.loadedAt < CACHE_TTL_MS) return cached.endpoints;
    if (this.orgs.size >= MAX_CACHED_ORGS) this.orgs.delete(this.orgs.keys().next().value as string);
    // The promise is cached, so a burst of events for one org makes one query; a failed query is not kept.
    const endpoints = this.load(orgId);
    const entry = { loadedAt: Date.now(), endpoints };
    this.orgs.set(orgId, entry);
    endpoints.catch(() => this.orgs.get(orgId) === entry && this.orgs.delete(orgId));
    return endpoints;
  }

  private async load(orgId: string): Promise<ActiveEndpoint[]> {
    const rows = await this.prisma.webhookEndpoint.findMany({
      where: { orgId, active: true },
      select: { id: true, events: true },
    });
    return rows.map((row) => ({ id: row.id, events: new Set(row.events) }));
  }
}
