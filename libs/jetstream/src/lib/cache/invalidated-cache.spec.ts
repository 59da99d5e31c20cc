import { eventually, NatsServerProcess } from '@herald/testing';
import { InvalidatedCache, JetStreamConnection } from '../../index';

const SUBJECT = 'test.cache.changed';

describe('InvalidatedCache', () => {
  let nats: NatsServerProcess;
  let connections: JetStreamConnection[];

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    connections = await Promise.all([1, 2].map(() => JetStreamConnection.connect({ servers: nats.url })));
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await nats?.dispose();
  });

  function replica(source: Map<string, number>, connection: JetStreamConnection) {
    let loads = 0;
    const cache = new InvalidatedCache(connection, {
      subject: SUBJECT,
      load: async (key) => {
        loads++;
        return source.get(key) ?? 0;
      },
    });
    cache.listen();
    return { cache, loads: () => loads };
  }

  it('loads a key once for concurrent lookups and keeps it', async () => {
    const { cache, loads } = replica(new Map([['org_1', 1]]), connections[0]);

    const values = await Promise.all([cache.get('org_1'), cache.get('org_1'), cache.get('org_1')]);
    await cache.get('org_1');

    expect(values).toEqual([1, 1, 1]);
    expect(loads()).toBe(1);
    cache.close();
  });

  it('drops a key invalidated by another replica', async () => {
    const source = new Map([['org_2', 1]]);
    const first = replica(source, connections[0]);
    const second = replica(source, connections[1]);
    expect(await second.cache.get('org_2')).toBe(1);
    await connections[1].unwrap().flush();

    source.set('org_2', 2);
    first.cache.invalidate('org_2');

    await eventually(async () => ((await second.cache.get('org_2')) === 2 ? true : undefined), {
      timeoutMs: 5_000,
      description: 'the other replica to reload the key',
    });
    first.cache.close();
    second.cache.close();
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const cache = new InvalidatedCache(connections[0], {
      subject: SUBJECT,
      load: async () => {
        if (fail) throw new Error('database down');
        return 'loaded';
      },
    });

    await expect(cache.get('org_3')).rejects.toThrow('database down');
    fail = false;

    expect(await cache.get('org_3')).toBe('loaded');
  });
});
