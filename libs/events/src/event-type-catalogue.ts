import { Injectable } from '@nestjs/common';
import { PrismaService } from '@herald/database';

export type EventTypeView = { name: string; description: string; system: boolean };

/** How long a replica trusts its copy of the catalogue; it changes rarely and only by migration. */
const CACHE_TTL_MS = 30_000;

/** The catalogue of event types: data in `event_types`, seeded by a migration. */
@Injectable()
export class EventTypeCatalogue {
  private cache?: { loadedAt: number; types: Map<string, EventTypeView> };

  constructor(private readonly prisma: PrismaService) {}

  async list(): Promise<EventTypeView[]> {
    return [...(await this.types()).values()];
  }

  async isKnown(name: string): Promise<boolean> {
    return (await this.types()).has(name);
  }

  /** The names among `names` that are not in the catalogue. */
  async unknown(names: readonly string[]): Promise<string[]> {
    const types = await this.types();
    return names.filter((name) => !types.has(name));
  }

  private async types(): Promise<Map<string, EventTypeView>> {
    if (this.cache && Date.now() - this.cache.loadedAt < CACHE_TTL_MS) return this.cache.types;
    const rows = await this.prisma.eventType.findMany({ orderBy: { name: 'asc' } });
    const types = new Map(
      rows.map((row) => [row.name, { name: row.name, description: row.description, system: row.system }]),
    );
    this.cache = { loadedAt: Date.now(), types };
    return types;
  }
}
