import type { InboundSource } from '@herald/database';
import type { SourceDto } from './dto/source-response.dto';
import { readSourceOptions } from './source-options';

/** The public shape of a source: never its secrets. */
export function toSourceView(source: InboundSource, ingestUrl: string): SourceDto {
  return {
    id: source.id,
    name: source.name,
    scheme: source.scheme,
    options: readSourceOptions(source.options),
    description: source.description,
    active: source.active,
    rate_limit_per_minute: source.rateLimitPerMinute,
    ingest_url: ingestUrl,
    previous_secret_expires_at: activeUntil(source.previousSecretExpiresAt),
    created_at: source.createdAt.toISOString(),
    updated_at: source.updatedAt.toISOString(),
  };
}

function activeUntil(expiresAt: Date | null): string | null {
  return expiresAt && expiresAt > new Date() ? expiresAt.toISOString() : null;
}
