import { type ArgumentsHost, BadRequestException, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { NonRetryableError } from './non-retryable.error';

/**
 * Nest's default RPC exception filter replaces an ordinary error with "Internal server error";
 * this one hands the error itself to the transport, so retries and exhaustion records carry the
 * real message. A BadRequestException (what ValidationPipe throws) becomes non-retryable: a
 * payload that fails validation will fail it every time.
 *
 * Apply with `@UseFilters(JetStreamExceptionFilter)` on handler controllers (or as a global
 * filter of a standalone microservice, before it listens).
 */
@Catch()
export class JetStreamExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host?: ArgumentsHost): Observable<never> {
    return throwError(() => (exception instanceof BadRequestException ? invalidPayload(exception) : exception));
  }
}

function invalidPayload(exception: BadRequestException): NonRetryableError {
  const response = exception.getResponse();
  const details =
    typeof response === 'object' && response !== null && 'message' in response ? response.message : exception.message;
  const text = Array.isArray(details) ? details.join('; ') : String(details);
  return new NonRetryableError(`invalid payload: ${text}`, { cause: exception });
}
