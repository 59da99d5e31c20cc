import { Injectable } from '@nestjs/common';
import { JetStreamConnection } from '@herald/jetstream';
import type { HealthIndicator } from '@herald/observability';

@Injectable()
export class NatsHealthIndicator implements HealthIndicator {
  readonly name = 'nats';

  constructor(private readonly connection: JetStreamConnection) {}

  async check(): Promise<void> {
    if (!(await this.connection.ping())) throw new Error('NATS did not answer a ping');
  }
}
