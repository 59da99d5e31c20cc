import { Injectable } from '@nestjs/common';
import { type NotificationTemplate, type NotificationTemplateVersion, Prisma, PrismaService } from '@herald/database';
import { newId } from '@herald/ids';

export type VersionInput = Pick<NotificationTemplateVersion, 'category'> & {
  content: Prisma.InputJsonObject;
  compiled: Prisma.InputJsonObject;
  throttle: Prisma.InputJsonObject | null;
  digest: Prisma.InputJsonObject | null;
};

export type TemplateWithVersion = { template: NotificationTemplate; version: NotificationTemplateVersion };

@Injectable()
export class TemplatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Version 1 of a new template; null when the key is taken. */
  async create(orgId: string, key: string, input: VersionInput): Promise<TemplateWithVersion | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const template = await tx.notificationTemplate.create({
          data: { id: newId('tpl'), orgId, key, currentVersion: 1 },
        });
        const version = await tx.notificationTemplateVersion.create({
          data: { id: newId('tpv'), templateId: template.id, version: 1, ...jsonFields(input) },
        });
        return { template, version };
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  /** The next version, made current; null when there is no such template. */
  async addVersion(orgId: string, key: string, input: VersionInput): Promise<TemplateWithVersion | null> {
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.notificationTemplate.updateMany({
        where: { orgId, key },
        data: { currentVersion: { increment: 1 } },
      });
      if (updated.count === 0) return null;
      const template = await tx.notificationTemplate.findUniqueOrThrow({ where: { orgId_key: { orgId, key } } });
      const version = await tx.notificationTemplateVersion.create({
        data: { id: newId('tpv'), templateId: template.id, version: template.currentVersion, ...jsonFields(input) },
      });
      return { template, version };
    });
  }

  async find(orgId: string, key: string, version?: number): Promise<TemplateWithVersion | null> {
    const template = await this.prisma.notificationTemplate.findUnique({ where: { orgId_key: { orgId, key } } });
    if (!template) return null;
    const found = await this.prisma.notificationTemplateVersion.findUnique({
      where: { templateId_version: { templateId: template.id, version: version ?? template.currentVersion } },
    });
    return found ? { template, version: found } : null;
  }

  async list(orgId: string): Promise<TemplateWithVersion[]> {
    const templates = await this.prisma.notificationTemplate.findMany({ where: { orgId }, orderBy: { key: 'asc' } });
    const versions = await this.prisma.notificationTemplateVersion.findMany({
      where: { OR: templates.map((template) => ({ templateId: template.id, version: template.currentVersion })) },
    });
    return templates.flatMap((template) => {
      const version = versions.find((candidate) => candidate.templateId === template.id);
      return version ? [{ template, version }] : [];
    });
  }

  async partials(orgId: string): Promise<Map<string, string>> {
    const rows = await this.prisma.notificationPartial.findMany({ where: { orgId } });
    return new Map(rows.map((row) => [row.name, row.content]));
  }

  async putPartial(orgId: string, name: string, content: string): Promise<void> {
    await this.prisma.notificationPartial.upsert({
      where: { orgId_name: { orgId, name } },
      create: { orgId, name, content },
      update: { content },
    });
  }
}

function jsonFields(input: VersionInput) {
  return {
    category: input.category,
    content: input.content,
    compiled: input.compiled,
    throttle: input.throttle ?? Prisma.DbNull,
    digest: input.digest ?? Prisma.DbNull,
  };
}
