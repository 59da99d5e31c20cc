import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { NotificationRecipient } from '@herald/database';
import { invalidField } from '@herald/http-app';
import { SecretVault } from '@herald/signing';
import type { PreferencesDto, PutRecipientDto, RecipientDto } from './dto/recipient.dto';
import { type Preferences, parsePreferences, storedPreferences, withDefaults } from './preferences';
import { RecipientsRepository } from './recipients.repository';

export const USER_ID_PATTERN = /^[A-Za-z0-9_.@:+-]{1,128}$/;

@Injectable()
export class RecipientsService {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly repository: RecipientsRepository,
    private readonly vault: SecretVault,
  ) {}

  async put(orgId: string, userId: string, body: PutRecipientDto): Promise<RecipientDto> {
    assertUserId(userId);
    const discordUrl = body.discord_webhook_url;
    if (discordUrl !== undefined) this.assertDiscordUrl(discordUrl);
    const recipient = await this.repository.upsert(orgId, userId, {
      email: body.email ?? null,
      phone: body.phone ?? null,
      discordWebhookUrl: discordUrl === undefined ? null : this.vault.seal(recipientContext(orgId, userId), discordUrl),
      locale: body.locale ?? null,
      timezone: body.timezone ?? null,
      admin: body.admin ?? false,
      quietHoursStart: body.quiet_hours?.start ?? null,
      quietHoursEnd: body.quiet_hours?.end ?? null,
    });
    return recipientView(recipient);
  }

  async get(orgId: string, userId: string): Promise<RecipientDto> {
    return recipientView(await this.require(orgId, userId));
  }

  async erase(orgId: string, userId: string): Promise<void> {
    if (!(await this.repository.erase(orgId, userId))) throw recipientNotFound(userId);
  }

  async preferences(orgId: string, userId: string): Promise<Preferences> {
    const recipient = await this.require(orgId, userId);
    return withDefaults(storedPreferences(recipient.preferences));
  }

  async putPreferences(orgId: string, userId: string, body: PreferencesDto): Promise<Preferences> {
    const preferences = parsePreferences({ channels: body.channels, categories: body.categories });
    if (!(await this.repository.setPreferences(orgId, userId, preferences))) throw recipientNotFound(userId);
    return withDefaults(preferences);
  }

  /** The recipient's Discord webhook URL in clear, for sending. */
  discordUrl(recipient: NotificationRecipient): string | null {
    if (!recipient.discordWebhookUrl) return null;
    return this.vault.open(recipientContext(recipient.orgId, recipient.userId), recipient.discordWebhookUrl);
  }

  private async require(orgId: string, userId: string): Promise<NotificationRecipient> {
    const recipient = await this.repository.find(orgId, userId);
    if (!recipient) throw recipientNotFound(userId);
    return recipient;
  }

  /** Only Discord's own hosts (DISCORD_WEBHOOK_HOSTS), over https unless the host is loopback (tests). */
  private assertDiscordUrl(value: string): void {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalidField('discord_webhook_url', 'discord_webhook_url must be a URL');
    }
    const host = url.hostname.toLowerCase();
    const loopback = host === '127.0.0.1' || host === 'localhost';
    if (!this.config.notifications.discordWebhookHosts.includes(host)) {
      throw invalidField('discord_webhook_url', 'discord_webhook_url must be a Discord webhook URL');
    }
    if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
      throw invalidField('discord_webhook_url', 'discord_webhook_url must use https');
    }
  }
}

export function assertUserId(userId: string): void {
  if (!USER_ID_PATTERN.test(userId)) {
    throw invalidField('userId', 'userId must be 1 to 128 letters, digits or _ . @ : + -');
  }
}

function recipientNotFound(userId: string): NotFoundException {
  return new NotFoundException(`No recipient "${userId}"`);
}

export function recipientView(recipient: NotificationRecipient): RecipientDto {
  return {
    user_id: recipient.userId,
    email: recipient.email,
    phone: recipient.phone,
    discord: recipient.discordWebhookUrl !== null,
    locale: recipient.locale,
    timezone: recipient.timezone,
    admin: recipient.admin,
    quiet_hours:
      recipient.quietHoursStart && recipient.quietHoursEnd
        ? { start: recipient.quietHoursStart, end: recipient.quietHoursEnd }
        : null,
    updated_at: recipient.updatedAt.toISOString(),
  };
}

/** A Discord URL carries a token: sealed at rest, bound to the org and user it belongs to. */
function recipientContext(orgId: string, userId: string): string {
  return `${orgId}/${userId}`;
}
