import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/**
 * At most `endpointConcurrency` attempts to one endpoint at once in this replica, so a slow
 * receiver cannot take every handler slot of the consumer that other tenants share.
 */
@Injectable()
export class EndpointConcurrencyLimit {
  private readonly inFlight = new Map<string, number>();
  private readonly limit: number;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.limit = config.webhooks.endpointConcurrency;
  }

  tryAcquire(endpointId: string): boolean {
    const current = this.inFlight.get(endpointId) ?? 0;
    if (current >= this.limit) return false;
    this.inFlight.set(endpointId, current + 1);
    return true;
  }

  release(endpointId: string): void {
    const current = this.inFlight.get(endpointId) ?? 0;
    if (current <= 1) this.inFlight.delete(endpointId);
    else this.inFlight.set(endpointId, current - 1);
  }
}
