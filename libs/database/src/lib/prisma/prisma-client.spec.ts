import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '@herald/testing';
import type { PrismaClient } from '../../generated/prisma/client';
import { applyMigrations } from '../migrations/migration-runner';
import { createPrismaClient } from './prisma-client.factory';

jest.setTimeout(60_000);

type Backend = { target: { url?: string; pgliteDir?: string }; dispose: () => Promise<void> };

/** Postgres when one answers (else the harness's PGlite fallback), and an explicit PGlite directory. */
const backends: Array<[string, () => Promise<Backend>]> = [
  ['postgres (harness)', async () => harnessBackend(await createTestDatabase())],
  ['pglite', pgliteBackend],
];

function harnessBackend(database: TestDatabase): Backend {
  const target = database.kind === 'postgres' ? { url: database.url } : { pgliteDir: database.pgliteDir };
  return { target, dispose: () => dropTestDatabase(database) };
}

async function pgliteBackend(): Promise<Backend> {
  const pgliteDir = mkdtempSync(join(tmpdir(), 'herald-db-spec-'));
  await applyMigrations({ pgliteDir });
  return { target: { pgliteDir }, dispose: async () => rmSync(pgliteDir, { recursive: true, force: true }) };
}

describe.each(backends)('Prisma client round trip on %s', (_name, makeBackend) => {
  let backend: Backend;
  let prisma: PrismaClient;

  beforeAll(async () => {
    backend = await makeBackend();
    prisma = createPrismaClient(backend.target);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await backend?.dispose();
  });

  it('round-trips an organization and its API keys (String[]), and cascades deletes', async () => {
    const org = await prisma.organization.create({ data: { id: 'org_1', name: 'Acme' } });
    const key = await prisma.apiKey.create({
      data: {
        id: 'key_1',
        orgId: org.id,
        prefix: 'hk_live_ab',
        keyHash: 'hash-1',
        scopes: ['webhooks:manage', 'admin'],
      },
    });

    const read = await prisma.organization.findUniqueOrThrow({ where: { id: 'org_1' }, include: { apiKeys: true } });
    expect(read).toEqual({ ...org, apiKeys: [key] });
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(key.scopes).toEqual(['webhooks:manage', 'admin']);

    const usedAt = new Date('2026-11-22T10:00:00.123Z');
    const updated = await prisma.apiKey.update({
      where: { keyHash: 'hash-1' },
      data: { scopes: { push: 'webhooks:read' }, lastUsedAt: usedAt },
    });
    expect(updated.scopes).toEqual(['webhooks:manage', 'admin', 'webhooks:read']);
    expect(updated.lastUsedAt).toEqual(usedAt);
    await prisma.organization.update({ where: { id: 'org_1' }, data: { name: 'Acme Ltd' } });
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: 'org_1' } })).name).toBe('Acme Ltd');

    await prisma.organization.delete({ where: { id: 'org_1' } });
    expect(await prisma.apiKey.findUnique({ where: { id: 'key_1' } })).toBeNull();
  });

  it('enforces the unique key hash (P2002)', async () => {
    await prisma.organization.create({
      data: {
        id: 'org_2',
        name: 'Two',
        apiKeys: { create: { id: 'key_2', prefix: 'p', keyHash: 'same', scopes: [] } },
      },
    });
    const duplicate = prisma.apiKey.create({
      data: { id: 'key_3', orgId: 'org_2', prefix: 'p', keyHash: 'same', scopes: [] },
    });
    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
    await prisma.organization.delete({ where: { id: 'org_2' } });
  });

  it('round-trips a rejected message (BigInt beyond 2^53, Bytes) and dedupes on (stream, sequence)', async () => {
    const payload = Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x0a, 0x80]);
    const sequence = 9_007_199_254_740_993n;
    const created = await prisma.rejectedMessage.create({
      data: {
        id: 'rej_1',
        stream: 'EVENTS',
        consumer: 'dispatcher',
        subject: 'events.org_1.x',
        sequence,
        reason: 'unknown type',
        payload,
      },
    });

    const read = await prisma.rejectedMessage.findUniqueOrThrow({
      where: { stream_sequence: { stream: 'EVENTS', sequence } },
    });
    expect(read).toEqual(created);
    expect(read.sequence).toBe(sequence);
    expect(Buffer.from(read.payload)).toEqual(payload);

    const again = await prisma.rejectedMessage.createMany({
      data: [
        { id: 'rej_2', stream: 'EVENTS', consumer: 'dispatcher', subject: 's', sequence, reason: 'again', payload },
      ],
      skipDuplicates: true,
    });
    expect(again.count).toBe(0);

    const updated = await prisma.rejectedMessage.update({
      where: { id: 'rej_1' },
      data: { sequence: sequence + 1n, payload: Buffer.alloc(0) },
    });
    expect(updated.sequence).toBe(sequence + 1n);
    expect(updated.payload).toHaveLength(0);
    await prisma.rejectedMessage.delete({ where: { id: 'rej_1' } });
    expect(await prisma.rejectedMessage.count()).toBe(0);
  });

  it('has the seeded event-type catalogue and round-trips a new type', async () => {
    const system = await prisma.eventType.findMany({ where: { system: true } });
    expect(system.map((type) => type.name).sort()).toEqual(['webhook.endpoint.disabled', 'webhook.test']);
    expect(await prisma.eventType.count()).toBe(22);

    const created = await prisma.eventType.create({
      data: { name: 'order.shipped', description: 'An order shipped.' },
    });
    expect(created.system).toBe(false);
    expect(await prisma.eventType.findUnique({ where: { name: 'order.shipped' } })).toEqual(created);
    const updated = await prisma.eventType.update({
      where: { name: 'order.shipped' },
      data: { description: 'Shipped.' },
    });
    expect(updated.description).toBe('Shipped.');
    await prisma.eventType.delete({ where: { name: 'order.shipped' } });
    expect(await prisma.eventType.findUnique({ where: { name: 'order.shipped' } })).toBeNull();
  });

  it('rolls back an interactive transaction that throws', async () => {
    const failing = prisma.$transaction(async (tx) => {
      await tx.organization.create({ data: { id: 'org_tx', name: 'Tx' } });
      throw new Error('abort');
    });
    await expect(failing).rejects.toThrow('abort');
    expect(await prisma.organization.findUnique({ where: { id: 'org_tx' } })).toBeNull();
  });
});
