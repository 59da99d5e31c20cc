import { Injectable } from '@nestjs/common';
import { type NotificationRecipient, Prisma, PrismaService, StatementBatcher } from '@herald/database';
import { RECIPIENT_COLUMNS, selectColumns } from '../common/sql-columns';

export type RecipientFields = Omit<
  Prisma.NotificationRecipientUncheckedCreateInput,
  'orgId' | 'userId' | 'preferences' | 'createdAt' | 'updatedAt'
>;

type RecipientKey = { orgId: string; userId: string };

@Injectable()
export class RecipientsRepository {
  /** Every notification reads its recipient twice (fan-out, send): concurrent reads share one query. */
  private readonly reads = new StatementBatcher<RecipientKey, NotificationRecipient | null>((keys) =>
    this.findMany(keys),
  );

  constructor(private readonly prisma: PrismaService) {}

  upsert(orgId: string, userId: string, fields: RecipientFields): Promise<NotificationRecipient> {
    return this.prisma.notificationRecipient.upsert({
      where: { orgId_userId: { orgId, userId } },
      create: { orgId, userId, ...fields },
      update: fields,
    });
  }

  find(orgId: string, userId: string): Promise<NotificationRecipient | null> {
    return this.reads.add({ orgId, userId });
  }

  private async findMany(keys: RecipientKey[]): Promise<(NotificationRecipient | null)[]> {
    const rows = await this.prisma.preparedSql<NotificationRecipient>(
      'notifications.find_recipients',
      Prisma.sql`
      SELECT ${selectColumns(RECIPIENT_COLUMNS, 'r')} FROM "notification_recipients" r
      JOIN unnest(${keys.map((k) => k.orgId)}::text[], ${keys.map((k) => k.userId)}::text[]) AS "k"("org_id", "user_id")
        ON r."org_id" = k."org_id" AND r."user_id" = k."user_id"`,
    );
    const byKey = new Map(rows.map((row) => [recipientKey(row), row]));
    return keys.map((key) => byKey.get(recipientKey(key)) ?? null);
  }

  /** Forgets a recipient: addresses, preferences and inbox. Sent notifications stay, as the record of what happened. */
  async erase(orgId: string, userId: string): Promise<boolean> {
    const [, deleted] = await this.prisma.$transaction([
      this.prisma.inboxMessage.deleteMany({ where: { orgId, userId } }),
      this.prisma.notificationRecipient.deleteMany({ where: { orgId, userId } }),
    ]);
    return deleted.count === 1;
  }

  admins(orgId: string): Promise<NotificationRecipient[]> {
    return this.prisma.notificationRecipient.findMany({ where: { orgId, admin: true } });
  }

  async setPreferences(orgId: string, userId: string, preferences: Prisma.InputJsonObject): Promise<boolean> {
    const updated = await this.prisma.notificationRecipient.updateMany({
      where: { orgId, userId },
      data: { preferences },
    });
    return updated.count === 1;
  }
}

function recipientKey({ orgId, userId }: RecipientKey): string {
  return `${orgId}\n${userId}`;
}
