/** Prisma's error codes: P3009 a failed migration blocks new ones, P3018 a migration failed now. */
export type MigrationErrorCode = 'P3009' | 'P3018';

const RESOLVE_HINT =
  'Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    readonly migrationName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }

  static blockedByFailed(migrationName: string, startedAt: Date, logs: string | null): MigrationError {
    const details = `The \`${migrationName}\` migration started at ${startedAt.toISOString()} failed`;
    return new MigrationError(
      'P3009',
      migrationName,
      [
        `migrate found failed migrations in the target database, new migrations will not be applied. ${RESOLVE_HINT}`,
        logs ? `${details} with the following logs:\n${logs}` : details,
        `Once the database is repaired, mark it rolled back (npm run db:migrate -- --rolled-back ${migrationName}) to apply it again.`,
      ].join('\n'),
    );
  }

  static failedToApply(migrationName: string, logs: string, cause: unknown): MigrationError {
    return new MigrationError(
      'P3018',
      migrationName,
      `A migration failed to apply. New migrations cannot be applied before the error is recovered from. ${RESOLVE_HINT}\n\nMigration name: ${migrationName}\n\n${logs}`,
      { cause },
    );
  }
}
