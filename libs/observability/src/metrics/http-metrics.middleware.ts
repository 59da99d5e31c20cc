import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

type RoutedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string };

/** Request duration by method, route template (never the raw URL: ids would explode cardinality) and status. */
@Injectable()
export class HttpRequestDuration extends Histogram<'method' | 'route' | 'status'> {
  constructor(registry: MetricsRegistry) {
    super({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly duration: HttpRequestDuration) {}

  use(req: RoutedRequest, res: ServerResponse, next: () => void): void {
    const stop = this.duration.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      stop({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
    });
    next();
  }
}
