import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations, createPrismaClient, findMigrationsDir, readMigrationFiles } from '@herald/database';
import { eventually } from '@herald/testing';
import { Client } from 'pg';
import { PgliteWireServer } from './pglite-wire-server';

jest.setTimeout(60_000);

describe('PgliteWireServer', () => {
  let dir: string;
  let db: PGlite;
  let server: PgliteWireServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-wire-'));
    db = await PGlite.create({ dataDir: dir });
    server = await PgliteWireServer.listen({ db, maxConnections: 8 });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function client(): Promise<Client> {
    const pg = new Client({ connectionString: server.url });
    await pg.connect();
    clients.push(pg);
    return pg;
  }

  it('keeps the extended-protocol messages of concurrent clients apart', async () => {
    const pgs = await Promise.all([client(), client(), client()]);

    // Each client runs statements of a different shape: a Bind landing on another client's
    // unnamed statement would fail with "bind message supplies N parameters".
    const runs = pgs.map(async (pg, index) => {
      const columns = Array.from({ length: index + 1 }, (_, column) => `$${column + 1}::int AS c${column}`).join(', ');
      for (let round = 0; round < 100; round += 1) {
        const values = Array.from({ length: index + 1 }, (_, column) => round * 10 + column);
        const { rows } = await pg.query(`SELECT ${columns}`, values);
        expect(Object.values(rows[0])).toEqual(values);
      }
    });

    await Promise.all(runs);
  });

  it('keeps a Parse sent ahead of its Bind safe from other clients', async () => {
    const [early, other] = await Promise.all([rawClient(server.port), rawClient(server.port)]);

    early.socket.write(message('P', cstring(''), cstring('SELECT $1::int + 1 AS n'), int16(0)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const otherReply = other.run(
      message('P', cstring(''), cstring('SELECT $1::text || $2::text AS s'), int16(0)),
      bindMessage(['a', 'b']),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const earlyReply = early.run(bindMessage(['41']));

    expect(await earlyReply).toEqual({ rows: ['42'], errors: [] });
    expect(await otherReply).toEqual({ rows: ['ab'], errors: [] });
    early.socket.destroy();
    other.socket.destroy();
  });

  it('gives each client its own named prepared statements, as a session of its own would', async () => {
    const [first, second] = await Promise.all([client(), client()]);

    // A pg pool prepares a hot path's statement under the same name on every connection.
    const runs = [first, second].map(async (pg, index) => {
      for (let round = 0; round < 20; round += 1) {
        const { rows } = await pg.query({
          name: 'shared.name',
          text: `SELECT $1::int + ${index} AS n`,
          values: [round],
        });
        expect(rows[0].n).toBe(round + index);
      }
    });

    await Promise.all(runs);
  });

  it('frees the named statements of a client that left', async () => {
    const leaving = await client();
    const staying = await client();
    await leaving.query({ name: 'leaves.with.client', text: 'SELECT 1 AS one', values: [] });
    const count = async (): Promise<number> =>
      (
        await staying.query(
          "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE '%leaves.with.client'",
        )
      ).rows[0].n;
    expect(await count()).toBe(1);

    await leaving.end();

    await eventually(async () => {
      expect(await count()).toBe(0);
      return true;
    });
  });

  it('gives a transaction the session until it ends, so others never see it half done', async () => {
    const [writer, reader] = await Promise.all([client(), client()]);
    await writer.query('CREATE TABLE IF NOT EXISTS tx_probe (id int)');
    await writer.query('BEGIN');
    await writer.query('INSERT INTO tx_probe VALUES (1)');
    const read = reader.query<{ count: string }>('SELECT count(*) FROM tx_probe');
    await writer.query('INSERT INTO tx_probe VALUES (2)');
    await writer.query('COMMIT');

    expect((await read).rows[0].count).toBe('2');
  });

  it('rolls back what a vanished client left open and frees the session', async () => {
    const [doomed, survivor] = await Promise.all([client(), client()]);
    doomed.on('error', () => undefined);
    await doomed.query('CREATE TABLE IF NOT EXISTS vanish_probe (id int)');
    await doomed.query('BEGIN');
    await doomed.query('INSERT INTO vanish_probe VALUES (1)');
    const waiting = survivor.query<{ count: string }>('SELECT count(*) FROM vanish_probe');

    (doomed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

    expect((await waiting).rows[0].count).toBe('0');
  });

  it('answers an SSLRequest with N so sslmode=prefer clients carry on', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])));
      socket.once('data', (data) => {
        resolve(data.toString('latin1'));
        socket.destroy();
      });
      socket.once('error', reject);
    });

    expect(answer).toBe('N');
  });

  it('refuses connections beyond maxConnections with a Postgres error', async () => {
    await Promise.all(Array.from({ length: 8 }, () => client()));

    await expect(client()).rejects.toThrow('too many clients');
  });

  it('serves three Prisma clients through @prisma/adapter-pg, migrations included', async () => {
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations({ url: server.url })));
    const shipped = readMigrationFiles(findMigrationsDir()).map((migration) => migration.name);
    expect(results.flatMap((result) => result.applied)).toEqual(shipped);
    const prismas = [1, 2, 3].map(() => createPrismaClient({ url: server.url }));

    try {
      await Promise.all(
        prismas.map(async (prisma, index) => {
          for (let round = 0; round < 10; round += 1) {
            const id = `org_${index}_${round}`;
            await prisma.$transaction(async (tx) => {
              await tx.organization.create({
                data: {
                  id,
                  name: id,
                  apiKeys: { create: { id: `key_${id}`, prefix: 'p', keyHash: id, scopes: ['a'] } },
                },
              });
              expect(await tx.apiKey.count({ where: { orgId: id } })).toBe(1);
            });
            const org = await prisma.organization.findUniqueOrThrow({ where: { id }, include: { apiKeys: true } });
            expect(org.apiKeys.map((key) => key.scopes)).toEqual([['a']]);
          }
        }),
      );
      expect(await prismas[0].organization.count()).toBe(30);
    } finally {
      await Promise.all(prismas.map((prisma) => prisma.$disconnect()));
    }
  });
});

// A minimal wire-protocol client, to send an extended query in pieces as a busy client might.
type RawReply = { rows: string[]; errors: string[] };
type RawClient = { socket: Socket; run: (...messages: Buffer[]) => Promise<RawReply> };

async function rawClient(port: number): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  let buffered = Buffer.alloc(0);
  let onReady: ((reply: RawReply) => void) | undefined;
  let reply: RawReply = { rows: [], errors: [] };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 5 && buffered.length >= 1 + buffered.readInt32BE(1)) {
      const end = 1 + buffered.readInt32BE(1);
      const [type, body] = [String.fromCharCode(buffered[0]), buffered.subarray(5, end)];
      buffered = buffered.subarray(end);
      if (type === 'D') reply.rows.push(body.subarray(6, 6 + body.readInt32BE(2)).toString());
      if (type === 'E') reply.errors.push(body.toString('latin1'));
      if (type === 'Z') {
        onReady?.(reply);
        reply = { rows: [], errors: [] };
      }
    }
  });
  const ready = () => new Promise<RawReply>((resolve) => (onReady = resolve));
  const startup = Buffer.concat([
    int32(196608),
    cstring('user'),
    cstring('postgres'),
    cstring('database'),
    cstring('postgres'),
    Buffer.from([0]),
  ]);
  const started = ready();
  socket.write(Buffer.concat([int32(startup.length + 4), startup]));
  await started;
  const run = (...messages: Buffer[]) => {
    const done = ready();
    socket.write(Buffer.concat([...messages, message('E', cstring(''), int32(0)), message('S')]));
    return done;
  };
  return { socket, run };
}

function bindMessage(params: string[]): Buffer {
  const values = params.flatMap((param) => [int32(Buffer.byteLength(param)), Buffer.from(param)]);
  return message('B', cstring(''), cstring(''), int16(0), int16(params.length), ...values, int16(0));
}

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function cstring(text: string): Buffer {
  return Buffer.from(`${text}\0`);
}

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}
