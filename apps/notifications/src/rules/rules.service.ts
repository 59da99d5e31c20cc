import { Injectable, NotFoundException } from '@nestjs/common';
import { type NotificationRule, PrismaService } from '@herald/database';
import { type EventEnvelope, EventTypeCatalogue } from '@herald/events';
import { invalidField } from '@herald/http-app';
import { newId } from '@herald/ids';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { NotificationIntake } from '../sending/notification-intake.service';
import { WEBHOOK_ENDPOINT_DISABLED_TEMPLATE } from '../templates/builtin-templates';
import { TemplatesService } from '../templates/templates.service';
import type { CreateRuleDto, RuleDto } from './dto/rule.dto';
import { RuleDirectory } from './rule-directory';

/** Operational events Herald turns into notifications of the org's admins (recipients with `admin: true`). */
const OPERATIONAL_TEMPLATES: Record<string, string> = {
  'webhook.endpoint.disabled': WEBHOOK_ENDPOINT_DISABLED_TEMPLATE,
};

@Injectable()
export class RulesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly directory: RuleDirectory,
    private readonly catalogue: EventTypeCatalogue,
    private readonly templates: TemplatesService,
    private readonly recipients: RecipientsRepository,
    private readonly intake: NotificationIntake,
  ) {}

  async create(orgId: string, body: CreateRuleDto): Promise<RuleDto> {
    if (!(await this.catalogue.isKnown(body.event_type))) {
      throw invalidField('event_type', `event_type "${body.event_type}" is not in GET /v1/event-types`);
    }
    if (!(await this.templates.resolve(orgId, body.template))) {
      throw invalidField('template', `template "${body.template}" does not exist`);
    }
    const rule = await this.prisma.notificationRule.create({
      data: {
        id: newId('rul'),
        orgId,
        eventType: body.event_type,
        templateKey: body.template,
        recipientPath: body.recipient,
        critical: body.critical ?? false,
      },
    });
    this.directory.changed(orgId);
    return ruleView(rule);
  }

  async list(orgId: string): Promise<RuleDto[]> {
    const rules = await this.prisma.notificationRule.findMany({ where: { orgId }, orderBy: { id: 'asc' } });
    return rules.map(ruleView);
  }

  async delete(orgId: string, id: string): Promise<void> {
    const { count } = await this.prisma.notificationRule.deleteMany({ where: { orgId, id } });
    if (count === 0) throw new NotFoundException(`No rule "${id}"`);
    this.directory.changed(orgId);
  }

  /** An event from EVENTS: one notification per matching rule, and admin alerts for operational events. */
  async handle(envelope: EventEnvelope): Promise<void> {
    for (const rule of await this.directory.forEvent(envelope.org_id, envelope.type)) {
      const userId = valueAt(envelope, rule.recipientPath);
      if (typeof userId !== 'string' && typeof userId !== 'number') continue;
      await this.intake.process(
        {
          org_id: envelope.org_id,
          user_id: String(userId),
          template: rule.templateKey,
          data: eventData(envelope),
          critical: rule.critical,
          idempotency_key: `rule:${rule.id}:${envelope.id}`,
        },
        `rule:${rule.id}:${envelope.id}`,
      );
    }
    const operational = OPERATIONAL_TEMPLATES[envelope.type];
    if (operational) await this.notifyAdmins(envelope, operational);
  }

  private async notifyAdmins(envelope: EventEnvelope, template: string): Promise<void> {
    const data = eventData(envelope);
    for (const admin of await this.recipients.admins(envelope.org_id)) {
      const key = `event:${envelope.id}:${admin.userId}`;
      await this.intake.process(
        {
          org_id: envelope.org_id,
          user_id: admin.userId,
          template,
          data: { ...data, reason_gone: data['reason'] === 'gone' },
          idempotency_key: key,
        },
        key,
      );
    }
  }
}

function eventData(envelope: EventEnvelope): Record<string, unknown> {
  const data = envelope.data;
  const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : { value: data };
  return {
    ...(fields as Record<string, unknown>),
    event: { id: envelope.id, type: envelope.type, created_at: envelope.created_at },
  };
}

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    return (node as Record<string, unknown>)[part];
  }, root);
}

function ruleView(rule: NotificationRule): RuleDto {
  return {
    id: rule.id,
    event_type: rule.eventType,
    template: rule.templateKey,
    recipient: rule.recipientPath,
    critical: rule.critical,
    created_at: rule.createdAt.toISOString(),
  };
}
