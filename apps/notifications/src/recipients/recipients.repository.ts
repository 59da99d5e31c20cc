import { Injectable } from '@nestjs/common';
import { type NotificationRecipient, type Prisma, PrismaService } from '@herald/database';

export type RecipientFields = Omit<
  Prisma.NotificationRecipientUncheckedCreateInput,
  'orgId' | 'userId' | 'preferences' | 'createdAt' | 'updatedAt'
>;

@Injectable()
export class RecipientsRepository {
  constructor(private readonly prisma: PrismaService) {}

  upsert(orgId: string, userId: string, fields: RecipientFields): Promise<NotificationRecipient> {
    return this.prisma.notificationRecipient.upsert({
      where: { orgId_userId: { orgId, userId } },
      create: { orgId, userId, ...fields },
      update: fields,
    });
  }

  find(orgId: string, userId: string): Promise<NotificationRecipient | null> {
    return this.prisma.notificationRecipient.findUnique({ where: { orgId_userId: { orgId, userId } } });
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
