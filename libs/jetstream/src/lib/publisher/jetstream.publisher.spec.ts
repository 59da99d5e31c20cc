import { eventually, NatsServerProcess } from '@herald/testing';
import { JetStreamConnection, JetStreamPublisher, provisionStream } from '../../index';

describe('JetStreamPublisher', () => {
  let nats: NatsServerProcess;
  let connection: JetStreamConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    connection = await JetStreamConnection.connect({ servers: nats.url });
    await provisionStream(connection, { name: 'EVENTS', subjects: ['events.>'] });
    publisher = new JetStreamPublisher(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await nats?.dispose();
  });

  it('stores a message published twice with the same msg id once', async () => {
    const event = { id: 'evt_1', type: 'invoice.paid', data: { amount: 10 } };

    const first = await publisher.publish('events.org_1.invoice.paid', event, { msgId: event.id });
    const second = await publisher.publish('events.org_1.invoice.paid', event, { msgId: event.id });

    expect(first).toEqual({ stream: 'EVENTS', seq: 1, duplicate: false });
    expect(second).toEqual({ stream: 'EVENTS', seq: 1, duplicate: true });
    expect((await (await connection.manager()).streams.info('EVENTS')).state.messages).toBe(1);
  });

  it('stores JSON with the msg id and the given headers', async () => {
    const { seq } = await publisher.publish(
      'events.org_1.user.created',
      { id: 'evt_2' },
      { msgId: 'evt_2', headers: { 'x-trace-id': 'trace-1' } },
    );

    const stored = await (await connection.manager()).streams.getMessage('EVENTS', { seq });
    expect(stored?.json()).toEqual({ id: 'evt_2' });
    expect(stored?.header.get('Nats-Msg-Id')).toBe('evt_2');
    expect(stored?.header.get('x-trace-id')).toBe('trace-1');
  });

  it('refuses a payload that is not JSON', async () => {
    await expect(publisher.publish('events.org_1.x', undefined, { msgId: 'evt_3' })).rejects.toThrow(/not JSON/);
  });

  it('fails when no stream takes the subject', async () => {
    await expect(publisher.publish('nowhere.at.all', {}, { msgId: 'evt_4', timeoutMs: 500 })).rejects.toThrow(
      /No stream acknowledged nowhere.at.all within 500 ms/,
    );
  });

  it('gets a publish made while the broker restarts stored once it is back', async () => {
    await nats.stop();
    await eventually(() => !connection.isConnected() || undefined, { description: 'disconnect noticed' });

    const publishing = publisher.publish('events.org_1.invoice.paid', { id: 'evt_5' }, { msgId: 'evt_5' });
    await nats.start();

    await expect(publishing).resolves.toMatchObject({ stream: 'EVENTS', duplicate: false });
  });
});

describe('JetStreamConnection health', () => {
  it('answers ping() while the server is up, and not once it is closed', async () => {
    const nats = await NatsServerProcess.start();
    const connection = await JetStreamConnection.connect({ servers: nats.url });
    try {
      expect(connection.isConnected()).toBe(true);
      expect(await connection.ping()).toBe(true);

      await connection.close();

      expect(connection.isConnected()).toBe(false);
      expect(await connection.ping()).toBe(false);
    } finally {
      await connection.close();
      await nats.dispose();
    }
  });

  it('fails fast at start-up when no server answers', async () => {
    const nats = await NatsServerProcess.start();
    await nats.dispose();

    await expect(JetStreamConnection.connect({ servers: nats.url })).rejects.toThrow();
  });
});
