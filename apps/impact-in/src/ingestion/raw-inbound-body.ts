import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw, type NextFunction, type Request, type Response } from 'express';
import { INBOUND_BODY_LIMIT_BYTES } from './inbound-body';
import { InboundMetrics } from './inbound-metrics';

export const INGESTION_PATH = '/v1/inbound';

/**
 * The ingestion route reads its body as raw bytes, whatever the content type, before the shared
 * JSON and form parsers could: signatures are checked over exactly what was sent. Over 1 MiB
 * is a 413 (counted), answered by the app's error filter.
 */
export function acceptRawInboundBodies(app: NestExpressApplication): void {
  const metrics = app.get(InboundMetrics);
  const readRaw = raw({ type: () => true, limit: INBOUND_BODY_LIMIT_BYTES });
  app.use(INGESTION_PATH, (request: Request, response: Response, next: NextFunction) => {
    readRaw(request, response, (error?: unknown) => {
      if ((error as { status?: unknown } | undefined)?.status === 413) metrics.refused('unknown', 'body_too_large');
      next(error);
    });
  });
}
