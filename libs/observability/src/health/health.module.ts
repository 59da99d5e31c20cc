import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { HEALTH_INDICATORS, type HealthIndicator } from './health-indicator';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

type IndicatorClass = new (...args: never[]) => HealthIndicator;

/** `GET /health` over the given indicators (providers that the app's other modules export). */
@Module({})
export class HealthModule {
  static forIndicators(indicators: IndicatorClass[]): DynamicModule {
    const collect: Provider = {
      provide: HEALTH_INDICATORS,
      useFactory: (...instances: HealthIndicator[]) => instances,
      inject: indicators,
    };
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [...indicators, collect, HealthService],
    };
  }
}
