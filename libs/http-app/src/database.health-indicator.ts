import { Injectable } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import type { HealthIndicator } from '@herald/observability';

@Injectable()
export class DatabaseHealthIndicator implements HealthIndicator {
  readonly name = 'database';

  constructor(private readonly prisma: PrismaService) {}

  check(): Promise<void> {
    return this.prisma.ping();
  }
}
