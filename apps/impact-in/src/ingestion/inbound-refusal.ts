import { HttpException } from '@nestjs/common';
import type { RefusalReason } from './inbound-metrics';

const STATUS: Record<RefusalReason, number> = {
  unknown_source: 404,
  rate_limited: 429,
  unsupported_media_type: 415,
  body_too_large: 413,
  missing_signature: 401,
  bad_signature: 401,
  stale_timestamp: 401,
  malformed: 401,
  invalid_body: 400,
  publish_failed: 503,
};

const ERROR: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** A refused inbound request: its HTTP answer, the reason it is counted under, and a Retry-After when it helps. */
export class InboundRefusal extends HttpException {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    const status = STATUS[reason];
    super({ statusCode: status, error: ERROR[status], message, reason }, status);
  }
}
