export { HEALTH_INDICATORS, type HealthIndicator } from './health/health-indicator';
export { HealthModule } from './health/health.module';
export { type HealthReport, HealthService } from './health/health.service';
export { LoggingModule } from './logging/logging.module';
export { REDACTED_PATHS } from './logging/redaction';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsRegistry } from './metrics/metrics-registry';
