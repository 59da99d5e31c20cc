import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { PrismaClient } from '../../generated/prisma/client';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from '../database-module.options';
import { describeDatabaseTarget } from '../database-target';
import { applyMigrations } from '../migrations/migration-runner';
import { MigrationError } from '../migrations/migration.error';
import { createAdapterFactory } from './prisma-adapter.factory';

const DEFAULT_PING_TIMEOUT_MS = 2_000;
const CONNECT_PING_TIMEOUT_MS = 10_000;

/**
 * The application's PrismaClient, built from configuration: Postgres through `@prisma/adapter-pg`
 * when a URL is set, the process-wide embedded PGlite otherwise.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);
  private readonly settings: HeraldConfig['database'];
  private readonly migrationsDir?: string;

  constructor(
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    @Optional() @Inject(DATABASE_MODULE_OPTIONS) options?: DatabaseModuleOptions,
  ) {
    super({ adapter: createAdapterFactory(config.database) });
    this.settings = config.database;
    this.migrationsDir = options?.migrationsDir;
  }

  /** Connects and migrates (when configured); a database that does not answer fails start-up. */
  async onModuleInit(): Promise<void> {
    const target = describeDatabaseTarget(this.settings);
    try {
      // Connect first: on PGlite the migration run then joins the instance this client holds.
      await this.$connect();
      if (this.settings.migrateOnStart) await this.migrate();
      await this.ping(CONNECT_PING_TIMEOUT_MS);
    } catch (error) {
      await this.$disconnect().catch(() => undefined);
      const problem = error instanceof MigrationError ? 'Migrations failed' : 'Database unavailable';
      throw new Error(`${problem} (${target}): ${(error as Error).message}`, { cause: error });
    }
    this.logger.log(`Connected to ${target}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }

  /** Resolves when the database answers `SELECT 1` within the timeout; for health checks. */
  async ping(timeoutMs = DEFAULT_PING_TIMEOUT_MS): Promise<void> {
    await withTimeout(this.$queryRawUnsafe('SELECT 1'), timeoutMs, `database did not answer within ${timeoutMs} ms`);
  }

  private async migrate(): Promise<void> {
    await applyMigrations({
      url: this.settings.url,
      pgliteDir: this.settings.pgliteDir,
      migrationsDir: this.migrationsDir,
      logger: { log: (message) => this.logger.log(message), warn: (message) => this.logger.warn(message) },
    });
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
