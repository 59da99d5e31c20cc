import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per app instance (not prom-client's global one), so several apps can
 * share a process in tests without their metric names colliding.
 */
export class MetricsRegistry extends Registry {
  constructor(appName: string) {
    super();
    this.setDefaultLabels({ app: appName });
    collectDefaultMetrics({ register: this });
  }
}
