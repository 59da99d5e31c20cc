import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by a handler when retrying cannot help (invalid payload, unknown event type): the message
 * is recorded as rejected with this reason and terminated.
 */
export class NonRetryableError extends RpcException {
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super({ message: reason });
    this.name = 'NonRetryableError';
    if (options.cause !== undefined) this.cause = options.cause;
  }

  // See RetryableError: keeps the instance intact through Nest's default RPC exception filter.
  override getError(): object {
    return this;
  }
}
