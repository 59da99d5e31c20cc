import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { PrismaService } from '@herald/database';

const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed one-minute window of requests per source, counted in Postgres so that every replica
 * shares it. Every request counts, verified or not: the limit protects Herald, not the sender.
 */
@Injectable()
export class InboundRateLimiter {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  async take(sourceId: string, limitPerMinute: number | null, now = Date.now()): Promise<RateDecision> {
    const limit = limitPerMinute ?? this.config.inbound.rateLimitPerMinute;
    const windowStart = new Date(now - (now % WINDOW_MS));
    const [{ count }] = await this.prisma.$queryRaw<{ count: number }[]>`
      INSERT INTO inbound_rate_windows (source_id, window_start, count)
      VALUES (${sourceId}, ${windowStart}, 1)
      ON CONFLICT (source_id, window_start) DO UPDATE SET count = inbound_rate_windows.count + 1
      RETURNING count`;
    if (count === 1) await this.forgetOldWindows(sourceId, windowStart);
    if (count <= limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000) };
  }

  /** The first request of a window clears the source's finished ones, so the table stays small. */
  private async forgetOldWindows(sourceId: string, current: Date): Promise<void> {
    await this.prisma.inboundRateWindow.deleteMany({ where: { sourceId, windowStart: { lt: current } } });
  }
}
