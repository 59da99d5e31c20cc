import { nanos } from '@nats-io/transport-node';
import { NatsServerProcess } from '@herald/testing';
import {
  type ConsumerSpec,
  JetStreamConnection,
  provisionConsumer,
  provisionStream,
  type StreamSpec,
} from '../../index';

describe('stream and consumer provisioning', () => {
  let nats: NatsServerProcess;
  let connection: JetStreamConnection;
  const info = async () => (await connection.manager()).streams.info('EVENTS');
  const consumerInfo = async (durable: string) => (await connection.manager()).consumers.info('EVENTS', durable);

  const events: StreamSpec = { name: 'EVENTS', subjects: ['events.>'], duplicateWindowMs: 60_000 };
  const dispatcher: ConsumerSpec = {
    stream: 'EVENTS',
    durable: 'dispatcher',
    filterSubject: 'events.>',
    maxDeliver: 5,
    ackWaitMs: 10_000,
    maxAckPending: 100,
  };

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    connection = await JetStreamConnection.connect({ servers: nats.url });
  });

  afterAll(async () => {
    await connection?.close();
    await nats?.dispose();
  });

  it('creates a stream once, and leaves it alone when nothing changed', async () => {
    expect(await provisionStream(connection, events)).toBe('created');
    expect(await provisionStream(connection, events)).toBe('unchanged');

    expect((await info()).config).toMatchObject({ subjects: ['events.>'], duplicate_window: nanos(60_000) });
  });

  it('updates a stream whose spec changed', async () => {
    const changed = { ...events, subjects: ['events.>', 'legacy.events.>'], maxAgeMs: 3_600_000 };

    expect(await provisionStream(connection, changed)).toBe('updated');
    expect(await provisionStream(connection, changed)).toBe('unchanged');

    expect((await info()).config).toMatchObject({
      subjects: ['events.>', 'legacy.events.>'],
      max_age: nanos(3_600_000),
      duplicate_window: nanos(60_000),
    });
  });

  it('creates a durable consumer once with max_deliver, ack_wait and max_ack_pending', async () => {
    expect(await provisionConsumer(connection, dispatcher)).toBe('created');
    expect(await provisionConsumer(connection, dispatcher)).toBe('unchanged');

    expect((await consumerInfo('dispatcher')).config).toMatchObject({
      durable_name: 'dispatcher',
      ack_policy: 'explicit',
      filter_subject: 'events.>',
      max_deliver: 5,
      ack_wait: nanos(10_000),
      max_ack_pending: 100,
    });
  });

  it('updates a consumer whose spec changed', async () => {
    const changed = { ...dispatcher, maxDeliver: 8, ackWaitMs: 20_000, maxAckPending: 50 };

    expect(await provisionConsumer(connection, changed)).toBe('updated');
    expect(await provisionConsumer(connection, changed)).toBe('unchanged');

    expect((await consumerInfo('dispatcher')).config).toMatchObject({
      max_deliver: 8,
      ack_wait: nanos(20_000),
      max_ack_pending: 50,
    });
  });

  it('is safe when several processes provision the same stream and consumer at once', async () => {
    const processes = await Promise.all(
      Array.from({ length: 5 }, (_, i) => JetStreamConnection.connect({ servers: nats.url, name: `boot-${i}` })),
    );
    const stream: StreamSpec = { name: 'RACE', subjects: ['race.>'] };
    const consumer: ConsumerSpec = { stream: 'RACE', durable: 'racer', filterSubject: 'race.>' };

    try {
      const results = await Promise.all(
        processes.map(async (each) => [await provisionStream(each, stream), await provisionConsumer(each, consumer)]),
      );

      expect(results.flat()).toContain('created');
      expect(results.flat()).not.toContain('updated');
      const jsm = await connection.manager();
      expect((await jsm.consumers.info('RACE', 'racer')).config.max_deliver).toBe(5);
    } finally {
      await Promise.all(processes.map((each) => each.close()));
    }
  });

  it('reports a change the server refuses, naming the stream', async () => {
    await expect(provisionStream(connection, { ...events, retention: 'workqueue' })).rejects.toThrow(
      /Could not provision stream EVENTS/,
    );
  });
});
