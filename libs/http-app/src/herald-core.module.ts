import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@herald/auth';
import { ConfigModule, type HeraldConfig } from '@herald/config';
import { DatabaseModule } from '@herald/database';
import { EventsModule, HERALD_STREAMS } from '@herald/events';
import { JetStreamModule, RejectedMessageRecorder } from '@herald/jetstream';
import { HealthModule, LoggingModule, MetricsModule } from '@herald/observability';
import { DatabaseHealthIndicator } from './database.health-indicator';
import { DatabaseRejectedMessageRecorder } from './database-rejected-message.recorder';
import { NatsHealthIndicator } from './nats.health-indicator';

/**
 * What every Herald app stands on: configuration, JSON logs, metrics, Postgres, JetStream (with
 * the streams provisioned), auth, the event catalogue and /health over the database and NATS.
 */
@Module({})
export class HeraldCoreModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: HeraldCoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        MetricsModule.forRoot(config.app.name),
        DatabaseModule.forRoot(),
        JetStreamModule.forRoot({
          servers: config.nats.servers,
          name: `herald-${config.app.name}`,
          streams: HERALD_STREAMS,
        }),
        AuthModule,
        EventsModule,
        HealthModule.forIndicators([DatabaseHealthIndicator, NatsHealthIndicator]),
      ],
      providers: [{ provide: RejectedMessageRecorder, useClass: DatabaseRejectedMessageRecorder }],
      exports: [RejectedMessageRecorder],
    };
  }
}
