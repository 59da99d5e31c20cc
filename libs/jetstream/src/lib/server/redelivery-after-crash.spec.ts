import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { eventually, NatsServerProcess } from '@herald/testing';
import {
  type ConsumerSpec,
  JetStreamConnection,
  JetStreamContext,
  JetStreamPublisher,
  provisionStream,
} from '../../index';
import { drained } from '../../test-support/consumer-state';
import { MemoryRecorder } from '../../test-support/memory.recorder';
import { type RunningMicroservice, startMicroservice } from '../../test-support/start-microservice';

const FIXTURE = join(__dirname, '../../test-support/hanging-consumer.fixture.ts');
const handled: Array<{ id: string; deliveryCount: number }> = [];

@Controller()
class CrashHandlers {
  @EventPattern('crash.>')
  handle(@Payload() payload: { id: string }, @Ctx() context: JetStreamContext): void {
    handled.push({ id: payload.id, deliveryCount: context.deliveryCount });
  }
}

const consumers: ConsumerSpec[] = [
  { stream: 'CRASH', durable: 'crash-worker', filterSubject: 'crash.retried.>', maxDeliver: 3, ackWaitMs: 1000 },
  { stream: 'CRASH', durable: 'crash-once', filterSubject: 'crash.once.>', maxDeliver: 1, ackWaitMs: 1000 },
];

/** Runs the fixture consumer in a child process until it has received `count` messages. */
async function childReceiving(url: string, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, url, JSON.stringify(consumers)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`fixture exited early: ${output}`);
      return (output.match(/^received /gm) ?? []).length >= count || undefined;
    },
    { timeoutMs: 15_000, description: `child receiving ${count} messages` },
  );
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a consumer process killed before it acks', () => {
  let nats: NatsServerProcess;
  let connection: JetStreamConnection;
  let running: RunningMicroservice;
  const recorder = new MemoryRecorder();
  const retriedId = randomUUID();
  const onceId = randomUUID();

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    connection = await JetStreamConnection.connect({ servers: nats.url });
    await provisionStream(connection, { name: 'CRASH', subjects: ['crash.>'] });
    const publisher = new JetStreamPublisher(connection);
    await publisher.publish('crash.retried.1', { id: retriedId }, { msgId: retriedId });
    await publisher.publish('crash.once.1', { id: onceId }, { msgId: onceId });

    await kill(await childReceiving(nats.url, 2));
    running = await startMicroservice([CrashHandlers], { connection, consumers, recorder });
  });

  afterAll(async () => {
    await running?.app.close();
    await connection?.close();
    await nats?.dispose();
  });

  it('gets the message again in another process, with a higher delivery count, which acks it', async () => {
    await eventually(() => handled.find((entry) => entry.id === retriedId), { description: 'redelivery' });
    await eventually(() => drained(connection, 'CRASH', 'crash-worker'), { description: 'acked' });

    expect(handled.filter((entry) => entry.id === retriedId)).toEqual([{ id: retriedId, deliveryCount: 2 }]);
  });

  it('records a message whose last delivery died with its process as exhausted', async () => {
    const record = await eventually(() => recorder.recordFor('crash.once.1'), {
      description: 'exhaustion recorded from the MAX_DELIVERIES advisory',
    });

    expect(record).toMatchObject({ stream: 'CRASH', consumer: 'crash-once', sequence: 2 });
    expect(record.reason).toBe('exhausted after 1 deliveries: last delivery was never settled');
    expect(JSON.parse(Buffer.from(record.payload).toString())).toEqual({ id: onceId });
    expect(handled.filter((entry) => entry.id === onceId)).toEqual([]);
  });
});
