import { type DynamicModule, Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HeraldCoreModule } from '@herald/http-app';

@Module({})
export class NotificationsModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return { module: NotificationsModule, imports: [HeraldCoreModule.forRoot(config)] };
  }
}
