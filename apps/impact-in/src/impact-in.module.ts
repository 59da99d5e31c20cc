import { type DynamicModule, Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HeraldCoreModule } from '@herald/http-app';

@Module({})
export class ImpactInModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return { module: ImpactInModule, imports: [HeraldCoreModule.forRoot(config)] };
  }
}
