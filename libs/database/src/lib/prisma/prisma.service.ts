import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Pool, QueryResultRow } from 'pg';
import { type Prisma, PrismaClient } from '../../generated/prisma/client';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from '../database-module.options';
import { describeDatabaseTarget } from '../database-target';
import { applyMigrations } from '../migrations/migration-runner';
import { MigrationError } from '../migrations/migration.error';
import { createDatabaseDriver } from './prisma-adapter.factory';

/**
 * A statement of a hot path, prepared once per connection under its (unique) name. Its text uses
 * positional parameters ($1, $2, …) with explicit casts, so Postgres needs no type inference.
 */
export type PreparedStatement = { name: string; text: string };

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
  private readonly pool?: Pool;

  constructor(
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    @Optional() @Inject(DATABASE_MODULE_OPTIONS) options?: DatabaseModuleOptions,
  ) {
    const driver = createDatabaseDriver(config.database);
    super({ adapter: driver.adapter });
    this.pool = driver.pool;
    this.settings = config.database;
    this.migrationsDir = options?.migrationsDir;
  }

  /**
   * Runs a hot-path statement straight on the pg pool, as a named prepared statement: parsed once
   * per connection (and planned at every run: see the pool's session options), and none of Prisma's
   * per-query work, which on the delivery path cost a tenth of the CPU. On PGlite it goes through
   * Prisma. Rows come back as node-postgres (and Prisma's raw queries) type them: jsonb parsed,
   * timestamptz as Date, int4 as number.
   */
  async prepared<Row extends object>(statement: PreparedStatement, values: unknown[]): Promise<Row[]> {
    if (!this.pool) return this.$queryRawUnsafe<Row[]>(statement.text, ...values);
    return (await this.pool.query<Row & QueryResultRow>({ name: statement.name, text: statement.text, values })).rows;
  }

  /**
   * `prepared()` for a statement written with `Prisma.sql`, under `name`. Its fragments may vary in
   * their values only, never in their text: the text is prepared once per connection.
   */
  preparedSql<Row extends object>(name: string, sql: Prisma.Sql): Promise<Row[]> {
    return this.prepared<Row>({ name, text: sql.text }, sql.values);
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
