import type { WebhookEndpoint } from '@herald/database';
import type { EndpointDto } from './dto/endpoint-response.dto';

/** The public shape of an endpoint: never its secrets. */
export function toEndpointView(endpoint: WebhookEndpoint): EndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    active: endpoint.active,
    description: endpoint.description,
    disabled_at: endpoint.disabledAt?.toISOString() ?? null,
    disabled_reason: endpoint.disabledReason,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}
