import { RpcException } from '@nestjs/microservices';

export type RetryableErrorOptions = { delayMs?: number; cause?: unknown };

/**
 * Thrown by a handler when the message should come back later (a dependency is down, a rate limit
 * was hit). Without `delayMs`, the consumer's back-off list picks the delay.
 */
export class RetryableError extends RpcException {
  readonly delayMs?: number;

  constructor(message: string, options: RetryableErrorOptions = {}) {
    super({ message });
    this.name = 'RetryableError';
    this.delayMs = options.delayMs;
    if (options.cause !== undefined) this.cause = options.cause;
  }

  // Nest's default RPC exception filter rethrows what getError() returns; returning the error
  // itself lets the transport see the delay after the filter has run.
  override getError(): object {
    return this;
  }
}
