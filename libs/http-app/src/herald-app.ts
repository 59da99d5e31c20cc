import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { type AppName, ConfigError, type HeraldConfig, loadConfig } from '@herald/config';
import {
  type ConsumerSpec,
  JetStreamConnection,
  JetStreamServer,
  RejectedMessageRecorder,
  type StreamSpec,
} from '@herald/jetstream';
import { MetricsRegistry } from '@herald/observability';
import { registerConsumerLagMetrics } from './consumer-lag.metrics';
import { HttpExceptionFilter } from './http-exception.filter';
import { type OpenApiInfo, setupOpenApi } from './openapi';
import { createValidationPipe } from './validation.pipe';

/** Inbound requests larger than this are refused with 413 before any handler runs. */
const BODY_LIMIT = '1mb';

export type HeraldAppDefinition = {
  name: AppName;
  openApi: OpenApiInfo;
  /** The app's root module, built from the validated configuration. */
  rootModule(config: HeraldConfig): DynamicModule;
  /** The JetStream durable consumers whose messages this app's `@EventPattern` handlers take. */
  consumers?(config: HeraldConfig): ConsumerSpec[];
  /** Streams of the app's own, beside the shared ones (e.g. a retry lane), provisioned before its consumers. */
  streams?: StreamSpec[];
  /** Express middleware that must run before the shared JSON and form parsers (e.g. a raw-body route). */
  configureHttp?(app: NestExpressApplication): void;
};

/** A configured app, not yet listening: main.ts listens on the configured port, tests on port 0. */
export async function createHeraldApp(
  definition: HeraldAppDefinition,
  config: HeraldConfig,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(definition.rootModule(config), {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  definition.configureHttp?.(app);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, config, definition.openApi);
  attachConsumers(app, definition.consumers?.(config) ?? [], definition.streams ?? []);
  return app;
}

/**
 * The JetStream transport over the app's shared connection; rejected messages go to the
 * database, lag goes to /metrics. Started by `startAllMicroservices`, drained when the app closes.
 */
function attachConsumers(app: INestApplication, consumers: ConsumerSpec[], streams: StreamSpec[]): void {
  if (consumers.length === 0) return;
  const connection = app.get(JetStreamConnection);
  registerConsumerLagMetrics(app.get(MetricsRegistry), connection, consumers);
  const strategy = new JetStreamServer({
    connection,
    recorder: app.get(RejectedMessageRecorder),
    consumers,
    streams,
  });
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
}

/** main.ts of every app: validate the configuration (or exit naming the bad variable), then serve. */
export async function runHeraldApp(definition: HeraldAppDefinition): Promise<INestApplication> {
  const config = loadConfigOrExit(definition.name);
  const app = await createHeraldApp(definition, config);
  await app.startAllMicroservices();
  await app.listen(config.app.port, '0.0.0.0');
  app.get(Logger).log(`${definition.name} listening on http://127.0.0.1:${config.app.port}`, 'Bootstrap');
  return app;
}

function loadConfigOrExit(name: AppName): HeraldConfig {
  try {
    return loadConfig(name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }
}
