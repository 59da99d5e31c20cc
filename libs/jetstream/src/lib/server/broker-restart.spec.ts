import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { eventually, NatsServerProcess } from '@herald/testing';
import { JetStreamConnection, JetStreamPublisher } from '../../index';
import { drained } from '../../test-support/consumer-state';
import { type RunningMicroservice, startMicroservice } from '../../test-support/start-microservice';

const handled = new Set<string>();

@Controller()
class RestartHandlers {
  @EventPattern('restart.*')
  async handle(@Payload() payload: { id: string }): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    handled.add(payload.id);
  }
}

describe('a broker restart in the middle of a stream', () => {
  let nats: NatsServerProcess;
  let connection: JetStreamConnection;
  let running: RunningMicroservice;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    connection = await JetStreamConnection.connect({ servers: nats.url, reconnectTimeWaitMs: 250 });
    running = await startMicroservice([RestartHandlers], {
      servers: [nats.url],
      reconnectTimeWaitMs: 250,
      streams: [{ name: 'RESTART', subjects: ['restart.*'] }],
      consumers: [
        {
          stream: 'RESTART',
          durable: 'restart-worker',
          filterSubject: 'restart.*',
          concurrency: 3,
          ackWaitMs: 2000,
          maxDeliver: 10,
          retryDelaysMs: [200],
        },
      ],
    });
  });

  afterAll(async () => {
    await running?.app.close();
    await connection?.close();
    await nats?.dispose();
  });

  it('tells listeners of the server about the outage and the recovery', async () => {
    const events: string[] = [];
    running.server.on('disconnected', () => events.push('disconnected'));
    running.server.on('connected', () => events.push('connected'));

    await nats.restart();

    await eventually(() => events.includes('connected') || undefined, { description: 'reconnected' });
    expect(events).toEqual(['disconnected', 'connected']);
  });

  it('loses nothing: every message published before and after it is handled', async () => {
    const publisher = new JetStreamPublisher(connection);
    const publishBatch = async (count: number) => {
      const ids = Array.from({ length: count }, () => randomUUID());
      for (const id of ids) await publisher.publish(`restart.${id}`, { id }, { msgId: id });
      return ids;
    };
    const before = await publishBatch(40);
    await eventually(() => handled.size >= 10 || undefined, { description: 'a quarter handled' });

    await nats.stop();
    expect(before.some((id) => !handled.has(id))).toBe(true);
    await eventually(() => !connection.isConnected() || undefined, { description: 'disconnect noticed' });
    expect(await connection.ping(200)).toBe(false);
    await nats.start();
    await eventually(() => connection.isConnected() || undefined, { description: 'reconnected' });
    expect(await connection.ping()).toBe(true);
    const after = await publishBatch(40);

    await eventually(() => [...before, ...after].every((id) => handled.has(id)) || undefined, {
      timeoutMs: 20_000,
      description: 'all 80 handled',
    });
    await eventually(() => drained(connection, 'RESTART', 'restart-worker'), { description: 'all acked' });
  });
});
