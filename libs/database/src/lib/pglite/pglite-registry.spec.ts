import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '../migrations/migration-runner';
import { createPrismaClient } from '../prisma/prisma-client.factory';
import { acquirePglite, pgliteLeaseCount, withPgliteLock } from './pglite-registry';

jest.setTimeout(60_000);

describe('PGlite registry', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-registry-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands every caller for one directory the same instance and closes it after the last release', async () => {
    const [first, second] = await Promise.all([acquirePglite(dir), acquirePglite(`${dir}/.`)]);
    expect(second.db).toBe(first.db);
    expect(pgliteLeaseCount(dir)).toBe(2);

    await first.release();
    await first.release(); // idempotent
    expect(first.db.closed).toBe(false);
    await second.release();

    expect(first.db.closed).toBe(true);
    expect(pgliteLeaseCount(dir)).toBe(0);
    const reopened = await acquirePglite(dir);
    expect(reopened.db).not.toBe(first.db);
    await reopened.release();
  });

  it('lets three PrismaClients in one process work side by side on one directory', async () => {
    await applyMigrations({ pgliteDir: dir });
    const clients = [
      createPrismaClient({ pgliteDir: dir }),
      createPrismaClient({ pgliteDir: dir }),
      createPrismaClient({ pgliteDir: dir }),
    ];

    await Promise.all(
      clients.map((prisma, index) =>
        prisma.$transaction(async (tx) => {
          await tx.organization.create({ data: { id: `org_${index}`, name: `Org ${index}` } });
          return tx.organization.count();
        }),
      ),
    );

    expect(pgliteLeaseCount(dir)).toBe(3);
    for (const prisma of clients) expect(await prisma.organization.count()).toBe(3);
    await Promise.all(clients.map((prisma) => prisma.$disconnect()));
    expect(pgliteLeaseCount(dir)).toBe(0);
  });

  it('refuses a directory another live process has open, and takes over one left by a dead process', async () => {
    const ownerFile = join(dir, '.herald-owner.pid');
    writeFileSync(ownerFile, String(process.ppid));
    await expect(acquirePglite(dir)).rejects.toThrow(`already open in process ${process.ppid}`);
    expect(pgliteLeaseCount(dir)).toBe(0);

    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(ownerFile, String(deadPid));
    const lease = await acquirePglite(dir);
    await lease.release();
    expect(existsSync(ownerFile)).toBe(false);
  });

  it('runs work under one directory lock strictly one after another', async () => {
    const events: string[] = [];
    const step = (name: string, ms: number) =>
      withPgliteLock(dir, async () => {
        events.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`${name}:end`);
      });

    await Promise.all([step('a', 30), step('b', 1), step('c', 1)]);

    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });
});
