import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type NotificationRule, PrismaService } from '@herald/database';
import { InvalidatedCache, JetStreamConnection } from '@herald/jetstream';

export const RULES_CHANGED_SUBJECT = 'herald.notifications.rules.changed';

/**
 * The rules of an organization, asked for by every event on EVENTS: kept per organization and
 * dropped when they change, here at once and in the other replicas through a NATS message.
 */
@Injectable()
export class RuleDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly orgs: InvalidatedCache<NotificationRule[]>;

  constructor(
    private readonly prisma: PrismaService,
    connection: JetStreamConnection,
  ) {
    this.orgs = new InvalidatedCache(connection, {
      subject: RULES_CHANGED_SUBJECT,
      load: (orgId) => this.prisma.notificationRule.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
    });
  }

  onModuleInit(): void {
    this.orgs.listen();
  }

  onModuleDestroy(): void {
    this.orgs.close();
  }

  async forEvent(orgId: string, eventType: string): Promise<NotificationRule[]> {
    return (await this.orgs.get(orgId)).filter((rule) => rule.eventType === eventType);
  }

  /** Call after a rule of the organization was created or deleted. */
  changed(orgId: string): void {
    this.orgs.invalidate(orgId);
  }
}
