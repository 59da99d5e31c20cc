export const DATABASE_MODULE_OPTIONS = Symbol('DATABASE_MODULE_OPTIONS');

export type DatabaseModuleOptions = {
  /** Where the migrations are; by default the nearest `prisma/migrations` above the working directory. */
  migrationsDir?: string;
};
