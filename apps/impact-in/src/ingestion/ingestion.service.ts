import { Injectable, Logger } from '@nestjs/common';
import type { InboundSource } from '@herald/database';
import { newId } from '@herald/ids';
import { type InboundHeaders, type InboundScheme, SecretVault, verifyInboundSignature } from '@herald/signing';
import { InboundEventPublisher, InboundPublishError } from '../inbound-events/inbound-event.publisher';
import { InboundEventsRepository, type AcceptResult } from '../inbound-events/inbound-events.repository';
import { readSourceOptions, verifierOptions } from '../sources/source-options';
import { SourcesRepository } from '../sources/sources.repository';
import { type BodyKind, parseInboundBody, requireBodyKind } from './inbound-body';
import { InboundMetrics } from './inbound-metrics';
import { InboundRateLimiter } from './inbound-rate-limiter';
import { InboundRefusal } from './inbound-refusal';
import { keptHeaders } from './kept-headers';
import { describeSenderEvent } from './sender-event';

export type InboundRequest = {
  orgId: string;
  sourceName: string;
  headers: InboundHeaders;
  /** Exactly the bytes received (empty when there was no body). */
  rawBody: Buffer;
  /** The URL the sender called, as it sees it: Twilio signs it. */
  url: string;
};

/**
 * Takes one inbound webhook: the source (404), its rate limit (429), a body the scheme can carry
 * (415), the signature over the raw bytes (401), then stores and publishes it once (202), or
 * stores nothing when INBOUND does not acknowledge (503). Every refusal is counted with its reason.
 */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);

  constructor(
    private readonly sources: SourcesRepository,
    private readonly vault: SecretVault,
    private readonly limiter: InboundRateLimiter,
    private readonly events: InboundEventsRepository,
    private readonly publisher: InboundEventPublisher,
    private readonly metrics: InboundMetrics,
  ) {}

  async ingest(request: InboundRequest): Promise<AcceptResult> {
    let scheme = 'unknown';
    try {
      const source = await this.requireSource(request);
      scheme = source.scheme;
      const result = await this.accept(source, request);
      this.metrics.accepted(scheme, result.duplicate ? 'duplicate' : 'published');
      return result;
    } catch (error) {
      if (error instanceof InboundRefusal) this.metrics.refused(scheme, error.reason);
      throw error;
    }
  }

  private async accept(source: InboundSource, request: InboundRequest): Promise<AcceptResult> {
    const decision = await this.limiter.take(source.id, source.rateLimitPerMinute);
    if (!decision.allowed) {
      throw new InboundRefusal(
        'rate_limited',
        `source ${source.name} is over its rate limit`,
        decision.retryAfterSeconds,
      );
    }
    const scheme = source.scheme as InboundScheme;
    const kind = requireBodyKind(scheme, headerText(request.headers, 'content-type'));
    const verifiedId = this.verify(source, request);
    return this.storeAndPublish(source, request, kind, verifiedId);
  }

  private async requireSource(request: InboundRequest): Promise<InboundSource> {
    const source = await this.sources.findByName(request.orgId, request.sourceName);
    if (!source?.active) throw new InboundRefusal('unknown_source', `no inbound source ${request.sourceName} here`);
    return source;
  }

  /** Returns the sender's event id when the scheme signs one; throws a 401 refusal otherwise. */
  private verify(source: InboundSource, request: InboundRequest): string | undefined {
    const result = verifyInboundSignature(source.scheme as InboundScheme, {
      headers: request.headers,
      rawBody: request.rawBody,
      url: request.url,
      secrets: this.vault.activeSecrets(source),
      options: verifierOptions(readSourceOptions(source.options)),
    });
    if (!result.ok) throw new InboundRefusal(result.reason, REFUSAL_MESSAGES[result.reason]);
    return result.senderEventId;
  }

  private async storeAndPublish(
    source: InboundSource,
    request: InboundRequest,
    kind: BodyKind,
    verifiedId: string | undefined,
  ): Promise<AcceptResult> {
    const data = parseInboundBody(kind, request.rawBody);
    const options = readSourceOptions(source.options);
    const sender = describeSenderEvent({
      scheme: source.scheme as InboundScheme,
      options,
      headers: request.headers,
      rawBody: request.rawBody,
      data,
      verifiedId,
    });
    const receivedAt = new Date();
    const event = {
      id: newId('inb'),
      orgId: source.orgId,
      sourceId: source.id,
      sourceName: source.name,
      scheme: source.scheme,
      eventType: sender.type,
      senderEventId: sender.senderEventId,
      dedupKey: sender.dedupKey,
      contentType: headerText(request.headers, 'content-type') ?? '',
      rawBody: new Uint8Array(request.rawBody),
      headers: keptHeaders(request.headers, options),
      receivedAt,
      publishedAt: receivedAt,
    };
    if (!this.publisher.isReachable()) throw unpublishable();
    try {
      return await this.events.accept(event, () => this.publisher.publish(event, data));
    } catch (error) {
      if (!(error instanceof InboundPublishError)) throw error;
      this.logger.warn(`${error.message}; answering 503 so that the sender retries`);
      throw unpublishable();
    }
  }
}

const RETRY_AFTER_SECONDS = 5;

const REFUSAL_MESSAGES: Record<'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'malformed', string> = {
  missing_signature: 'the signature header is missing',
  bad_signature: 'the signature does not match the body',
  stale_timestamp: 'the signed timestamp is outside the 300 s tolerance',
  malformed: 'the signature header is malformed',
};

/** 503 with Retry-After: the sender keeps the event and tries again; nothing was stored. */
function unpublishable(): InboundRefusal {
  return new InboundRefusal('publish_failed', 'the event could not be published; retry later', RETRY_AFTER_SECONDS);
}

function headerText(headers: InboundHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}
