import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/**
 * The URL a sender called, as the sender saw it. Behind a proxy Herald cannot know it, so
 * IMPACT_IN_PUBLIC_URL (the public base) wins over the address the request arrived at.
 */
@Injectable()
export class IngestionUrls {
  private readonly publicUrl?: string;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.publicUrl = config.inbound.publicUrl;
  }

  asCalled(request: Request): string {
    const base = this.publicUrl ?? `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return `${base}${request.originalUrl}`;
  }
}
