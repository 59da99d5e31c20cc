import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from './database-module.options';
import { PrismaService } from './prisma/prisma.service';

/**
 * Provides PrismaService everywhere. Needs HERALD_CONFIG (ConfigModule.forRoot) in the app;
 * connects (and migrates when `database.migrateOnStart`) on module init, disconnects on shutdown.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_MODULE_OPTIONS, useValue: options }, PrismaService],
      exports: [PrismaService],
    };
  }
}
