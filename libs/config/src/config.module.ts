import { type DynamicModule, Global, Module } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from './herald-config';

/** Makes the configuration, validated once in main.ts, injectable everywhere as HERALD_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: HERALD_CONFIG, useValue: config }],
      exports: [HERALD_CONFIG],
    };
  }
}
