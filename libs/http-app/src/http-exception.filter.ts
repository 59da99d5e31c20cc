import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

type ErrorBody = { statusCode: number; error: string; message: string };

/** Prisma's codes for "that unique key is taken" and "that row does not exist". */
const PRISMA_STATUS: Record<string, { status: number; error: string; message: string }> = {
  P2002: { status: 409, error: 'Conflict', message: 'a resource with that identity already exists' },
  P2025: { status: 404, error: 'Not Found', message: 'resource not found' },
};

/**
 * The one place errors become HTTP answers: Nest's own exceptions as they are, client errors
 * raised below Nest (oversized bodies) as their 4xx, known database conflicts as
 * 409/404, and anything else as a logged 500 that reveals nothing internal.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      response.status(exception.getStatus()).json(normalize(exception));
      return;
    }
    const body = clientError(exception) ?? prismaError(exception);
    if (body) {
      response.status(body.statusCode).json(body);
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  }
}

function normalize(exception: HttpException): object {
  const body = exception.getResponse();
  if (typeof body === 'object') return body;
  return { statusCode: exception.getStatus(), error: exception.name, message: body };
}

/**
 * Errors from body-parser and friends (an oversized body, an unsupported charset) carry `status`
 * and `expose` (the http-errors convention). Nest itself already turns malformed JSON into a 400.
 */
function clientError(exception: unknown): ErrorBody | undefined {
  const candidate = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof candidate?.status !== 'number' || candidate.status < 400 || candidate.status >= 500) return undefined;
  if (candidate.expose !== true) return undefined;
  return {
    statusCode: candidate.status,
    error: STATUS_CODES[candidate.status] ?? 'Client Error',
    message: String(candidate.message),
  };
}

function prismaError(exception: unknown): ErrorBody | undefined {
  const code = (exception as { code?: unknown })?.code;
  const known = typeof code === 'string' ? PRISMA_STATUS[code] : undefined;
  return known && { statusCode: known.status, error: known.error, message: known.message };
}
