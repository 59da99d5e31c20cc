import { Injectable, NotFoundException } from '@nestjs/common';
import type { WebhookEndpoint } from '@herald/database';
import { EventTypeCatalogue } from '@herald/events';
import { cursorPage, DEFAULT_PAGE_SIZE, invalidField } from '@herald/http-app';
import { newId } from '@herald/ids';
import { generateWebhookSecret, SecretVault } from '@herald/signing';
import type { CreateEndpointDto, UpdateEndpointDto } from './dto/endpoint-request.dto';
import type { CreatedEndpointDto, EndpointDto, EndpointListDto, RotatedSecretDto } from './dto/endpoint-response.dto';
import { EndpointDirectory } from './endpoint-directory';
import { EndpointUrlValidator } from './endpoint-url.validator';
import { toEndpointView } from './endpoint-view';
import { EndpointsRepository } from './endpoints.repository';

/** How long a rotated-out secret keeps signing beside the new one, so receivers can roll over. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class EndpointsService {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly catalogue: EventTypeCatalogue,
    private readonly urls: EndpointUrlValidator,
    private readonly vault: SecretVault,
    private readonly directory: EndpointDirectory,
  ) {}

  async create(orgId: string, input: CreateEndpointDto): Promise<CreatedEndpointDto> {
    await Promise.all([this.urls.assertDeliverable(input.url), this.assertKnownEventTypes(input.events)]);
    const id = newId('ep');
    const secret = input.secret ?? generateWebhookSecret();
    const endpoint = await this.endpoints.create({
      id,
      orgId,
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description ?? null,
      active: input.active ?? true,
      secret: this.vault.seal(id, secret),
    });
    this.directory.changed(orgId);
    return { ...toEndpointView(endpoint), secret };
  }

  async list(orgId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<EndpointListDto> {
    const { items, nextCursor } = cursorPage(await this.endpoints.page(orgId, limit, cursor), limit);
    return { webhooks: items.map(toEndpointView), next_cursor: nextCursor };
  }

  async get(orgId: string, id: string): Promise<EndpointDto> {
    return toEndpointView(await this.require(orgId, id));
  }

  async update(orgId: string, id: string, input: UpdateEndpointDto): Promise<EndpointDto> {
    await this.require(orgId, id);
    await Promise.all([
      input.url === undefined ? undefined : this.urls.assertDeliverable(input.url),
      input.events === undefined ? undefined : this.assertKnownEventTypes(input.events),
    ]);
    const { secret, ...changes } = input;
    if (secret !== undefined)
      throw invalidField('secret', 'secret cannot be changed here: use POST /v1/webhooks/:id/rotate-secret');
    const updated = await this.endpoints.update(orgId, id, {
      ...changes,
      ...(changes.events ? { events: [...new Set(changes.events)] } : {}),
      // Re-enabling an endpoint that Herald disabled clears the reason it was disabled.
      ...(changes.active ? { disabledAt: null, disabledReason: null } : {}),
    });
    this.directory.changed(orgId);
    return toEndpointView(updated ?? (await this.require(orgId, id)));
  }

  async delete(orgId: string, id: string): Promise<void> {
    if (!(await this.endpoints.delete(orgId, id))) throw notFound(id);
    this.directory.changed(orgId);
  }

  /** A new secret; the current one keeps signing beside it for SECRET_ROTATION_OVERLAP_MS. */
  async rotateSecret(orgId: string, id: string, newSecret?: string): Promise<RotatedSecretDto> {
    const endpoint = await this.require(orgId, id);
    const secret = newSecret ?? generateWebhookSecret();
    const previousSecretExpiresAt = new Date(Date.now() + SECRET_ROTATION_OVERLAP_MS);
    await this.endpoints.update(orgId, id, {
      secret: this.vault.seal(id, secret),
      previousSecret: endpoint.secret,
      previousSecretExpiresAt,
    });
    this.directory.changed(orgId);
    return { secret, previous_secret_expires_at: previousSecretExpiresAt.toISOString() };
  }

  private async require(orgId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.find(orgId, id);
    if (!endpoint) throw notFound(id);
    return endpoint;
  }

  private async assertKnownEventTypes(events: string[]): Promise<void> {
    const unknown = await this.catalogue.unknown(events);
    if (unknown.length > 0) {
      throw invalidField(
        'events',
        `events contains unknown event types: ${unknown.join(', ')} (see GET /v1/event-types)`,
      );
    }
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`webhook endpoint ${id} not found`);
}
