import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/** Where partners post: IMPACT_IN_PUBLIC_URL when set, the app's own address otherwise. */
@Injectable()
export class IngestUrls {
  private readonly base: string;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.base = config.inbound.publicUrl ?? `http://127.0.0.1:${config.app.port}`;
  }

  forSource(orgId: string, name: string): string {
    return `${this.base}/v1/inbound/${orgId}/${name}`;
  }
}
