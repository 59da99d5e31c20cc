import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@herald/observability';

/** Why a request to the ingestion route was turned away. */
export type RefusalReason =
  | 'unknown_source'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'missing_signature'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'malformed'
  | 'invalid_body'
  | 'publish_failed';

/**
 * Ingestion outcomes by scheme (never by source name or org: those are unbounded label values).
 * `scheme` is `unknown` when the request never reached a known source.
 */
@Injectable()
export class InboundMetrics {
  private readonly refusedTotal: Counter<'scheme' | 'reason'>;
  private readonly acceptedTotal: Counter<'scheme' | 'outcome'>;

  constructor(registry: MetricsRegistry) {
    this.refusedTotal = new Counter({
      name: 'herald_inbound_refused_total',
      help: 'Inbound webhook requests refused, by scheme and reason',
      labelNames: ['scheme', 'reason'],
      registers: [registry],
    });
    this.acceptedTotal = new Counter({
      name: 'herald_inbound_accepted_total',
      help: 'Inbound webhooks accepted, by scheme; outcome "published" or "duplicate"',
      labelNames: ['scheme', 'outcome'],
      registers: [registry],
    });
  }

  refused(scheme: string, reason: RefusalReason): void {
    this.refusedTotal.inc({ scheme, reason });
  }

  accepted(scheme: string, outcome: 'published' | 'duplicate'): void {
    this.acceptedTotal.inc({ scheme, outcome });
  }
}
