import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { acquirePglite } from './pglite-registry';

type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory['connect']>>;

/**
 * Prisma driver adapter for the process-wide PGlite instance of a directory: connecting takes a
 * lease on it, disposing (`$disconnect`) gives the lease back, and the last one out closes it.
 */
export class SharedPgliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = 'pglite-prisma-adapter';

  constructor(private readonly dataDir: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    const lease = await acquirePglite(this.dataDir);
    try {
      // pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils whose
      // declarations differ only in detail; the runtime contract is the same.
      const adapter = (await new PrismaPGlite(lease.db).connect()) as unknown as SqlDriverAdapter;
      return releasingOnDispose(adapter, lease.release);
    } catch (error) {
      await lease.release();
      throw error;
    }
  }
}

function releasingOnDispose(adapter: SqlDriverAdapter, release: () => Promise<void>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    try {
      await dispose();
    } finally {
      await release();
    }
  };
  return adapter;
}
