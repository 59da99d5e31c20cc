import { randomUUID } from 'node:crypto';
import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { eventually, NatsServerProcess } from '@herald/testing';
import { from, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  type HandlerOutcome,
  JetStreamConnection,
  JetStreamContext,
  JetStreamExceptionFilter,
  JetStreamPublisher,
  NonRetryableError,
  reject,
  retry,
  RetryableError,
} from '../../index';
import { consumerState, drained } from '../../test-support/consumer-state';
import { MemoryRecorder } from '../../test-support/memory.recorder';
import { type RunningMicroservice, startMicroservice } from '../../test-support/start-microservice';

type Behaviour =
  | 'ok'
  | 'fail-once'
  | 'retryable-once'
  | 'retry-outcome-once'
  | 'always-fail'
  | 'non-retryable'
  | 'reject-outcome'
  | 'gated'
  | 'slow'
  | 'observable';
type Order = { id: string; behaviour: Behaviour };
type Call = { id: string; subject: string; deliveryCount: number; msgId?: string; handler: string; at: number };

const ACK_WAIT_MS = 1000;
const calls: Call[] = [];
const gates = new Map<string, () => void>();
const jobs = { inFlight: 0, maxInFlight: 0, done: [] as string[] };

const callsFor = (id: string) => calls.filter((call) => call.id === id);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Controller()
@UseFilters(JetStreamExceptionFilter)
class OrderHandlers {
  @EventPattern('orders.>')
  async order(@Payload() order: Order, @Ctx() context: JetStreamContext): Promise<HandlerOutcome | void> {
    calls.push(callOf(order.id, context, 'orders.>'));
    return behave(order, context);
  }

  @EventPattern('orders.vip.>')
  vip(@Payload() order: Order, @Ctx() context: JetStreamContext): void {
    calls.push(callOf(order.id, context, 'orders.vip.>'));
  }

  @EventPattern('orders.validated.*', { schema: z.object({ id: z.string(), quantity: z.number().int().positive() }) })
  validated(@Payload() order: { id: string; quantity: number }, @Ctx() context: JetStreamContext): void {
    calls.push(callOf(order.id, context, 'orders.validated.*'));
  }

  @EventPattern('orders.stream.*')
  streamed(@Payload() order: Order, @Ctx() context: JetStreamContext): Observable<number> {
    calls.push(callOf(order.id, context, 'orders.stream.*'));
    return from(
      delay(50).then(() => {
        if (context.deliveryCount === 1) throw new Error('observable failed');
        return 1;
      }),
    );
  }
}

@Controller()
class JobHandlers {
  @EventPattern('jobs.*')
  async job(@Payload() job: { id: string }): Promise<void> {
    jobs.inFlight++;
    jobs.maxInFlight = Math.max(jobs.maxInFlight, jobs.inFlight);
    await delay(100);
    jobs.inFlight--;
    jobs.done.push(job.id);
  }
}

function callOf(id: string, context: JetStreamContext, handler: string): Call {
  const { subject, deliveryCount, msgId } = context;
  return { id, subject, deliveryCount, msgId, handler, at: Date.now() };
}

async function behave(order: Order, context: JetStreamContext): Promise<HandlerOutcome | void> {
  const first = context.deliveryCount === 1;
  switch (order.behaviour) {
    case 'fail-once':
      if (first) throw new Error('database unavailable');
      return;
    case 'retryable-once':
      if (first) throw new RetryableError('rate limited', { delayMs: 400 });
      return;
    case 'retry-outcome-once':
      return first ? retry(50, 'not yet') : undefined;
    case 'always-fail':
      throw new Error(`still failing on delivery ${context.deliveryCount}`);
    case 'non-retryable':
      throw new NonRetryableError('unknown event type');
    case 'reject-outcome':
      return reject('organization deleted');
    case 'gated':
      return new Promise<void>((resolve) => gates.set(order.id, resolve));
    case 'slow':
      await delay(ACK_WAIT_MS * 2.2);
      return;
    default:
      return;
  }
}

describe('JetStreamServer', () => {
  let nats: NatsServerProcess;
  let connection: JetStreamConnection;
  let publisher: JetStreamPublisher;
  let running: RunningMicroservice;
  const recorder = new MemoryRecorder();

  const publish = (subject: string, payload: unknown) => publisher.publish(subject, payload, { msgId: randomUUID() });
  const order = async (behaviour: Behaviour, subject = 'orders.created') => {
    const id = randomUUID();
    await publish(subject, { id, behaviour });
    return id;
  };
  const ordersDrained = () => drained(connection, 'ORDERS', 'orders-worker');

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    connection = await JetStreamConnection.connect({ servers: nats.url, name: 'server-spec' });
    publisher = new JetStreamPublisher(connection);
    running = await startMicroservice([OrderHandlers, JobHandlers], {
      connection,
      recorder,
      streams: [
        { name: 'ORDERS', subjects: ['orders.>'], retention: 'workqueue' },
        { name: 'JOBS', subjects: ['jobs.*'] },
      ],
      consumers: [
        {
          stream: 'ORDERS',
          durable: 'orders-worker',
          filterSubject: 'orders.>',
          concurrency: 4,
          maxDeliver: 3,
          ackWaitMs: ACK_WAIT_MS,
          retryDelaysMs: [100],
        },
        { stream: 'JOBS', durable: 'jobs-worker', filterSubject: 'jobs.*', concurrency: 3, ackWaitMs: 5000 },
      ],
    });
  });

  afterAll(async () => {
    await running?.app.close();
    await connection?.close();
    await nats?.dispose();
  });

  it('redelivers a message whose handler threw, with a higher delivery count, and acks it after success', async () => {
    const id = await order('fail-once');

    await eventually(() => callsFor(id).length === 2 || undefined, { description: 'second delivery' });
    await eventually(ordersDrained, { description: 'message acked' });

    expect(callsFor(id).map((call) => call.deliveryCount)).toEqual([1, 2]);
    expect(callsFor(id)[0]?.msgId).toBeDefined();
    expect(recorder.records.filter((record) => record.payload.toString().includes(id))).toEqual([]);
  });

  it('does not ack before the handler resolves', async () => {
    const id = await order('gated');
    await eventually(() => gates.get(id), { description: 'handler started' });

    expect(await consumerState(connection, 'ORDERS', 'orders-worker')).toMatchObject({ ackPending: 1 });
    gates.get(id)?.();

    await eventually(ordersDrained, { description: 'message acked' });
    expect(callsFor(id)).toHaveLength(1);
  });

  it('retries a RetryableError after its own delay', async () => {
    const id = await order('retryable-once');

    await eventually(() => callsFor(id).length === 2 || undefined, { description: 'second delivery' });
    await eventually(ordersDrained, { description: 'message acked' });

    const [first, second] = callsFor(id).map((call) => call.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(350);
  });

  it('retries when the handler returns retry(delay), and acks the next time', async () => {
    const id = await order('retry-outcome-once');

    await eventually(() => callsFor(id).length === 2 || undefined, { description: 'second delivery' });
    await eventually(ordersDrained, { description: 'message acked' });
  });

  it('awaits an Observable result and retries when it errors', async () => {
    const id = await order('ok', 'orders.stream.created');

    await eventually(() => callsFor(id).length === 2 || undefined, { description: 'second delivery' });
    await eventually(ordersDrained, { description: 'message acked' });
    expect(callsFor(id).every((call) => call.handler === 'orders.stream.*')).toBe(true);
  });

  it.each([
    ['a NonRetryableError', 'non-retryable' as const, 'unknown event type'],
    ['a reject() outcome', 'reject-outcome' as const, 'organization deleted'],
  ])('records and terminates on %s, and never delivers it again', async (_, behaviour, reason) => {
    const subject = `orders.${behaviour}.${randomUUID()}`;
    const id = await order(behaviour, subject);

    const record = await eventually(() => recorder.recordFor(subject), { description: 'rejection recorded' });
    await eventually(ordersDrained, { description: 'nothing pending' });

    expect(record).toMatchObject({ stream: 'ORDERS', consumer: 'orders-worker', subject, reason });
    expect(JSON.parse(Buffer.from(record.payload).toString())).toEqual({ id, behaviour });
    expect(record.headers['Nats-Msg-Id']).toHaveLength(1);
    expect(callsFor(id)).toHaveLength(1);
  });

  it('does not terminate a message whose rejection could not be recorded, and records it next time', async () => {
    recorder.failures = 1;
    const subject = `orders.unrecorded.${randomUUID()}`;
    const id = await order('non-retryable', subject);

    const record = await eventually(() => recorder.recordFor(subject), { description: 'recorded on redelivery' });
    await eventually(ordersDrained, { description: 'nothing pending' });

    expect(record.reason).toBe('unknown event type');
    expect(callsFor(id).map((call) => call.deliveryCount)).toEqual([1, 2]);
  });

  it('records and terminates a payload that is not JSON without calling a handler', async () => {
    const subject = `orders.garbled.${randomUUID()}`;
    await connection.jetstream.publish(subject, '{"id": "not json');

    const record = await eventually(() => recorder.recordFor(subject), { description: 'rejection recorded' });
    await eventually(ordersDrained, { description: 'nothing pending' });

    expect(record.reason).toMatch(/^invalid JSON/);
    expect(calls.filter((call) => call.subject === subject)).toEqual([]);
  });

  it('records and terminates a payload that fails the handler’s schema', async () => {
    const subject = 'orders.validated.created';
    const id = randomUUID();
    const publishedSeq = (await publish(subject, { id, quantity: -1 })).seq;

    const record = await eventually(() => recorder.recordAt(publishedSeq), { description: 'rejection recorded' });

    expect(record.reason).toMatch(/^invalid payload/);
    expect(callsFor(id)).toEqual([]);
  });

  it('passes a payload that satisfies the schema to its handler', async () => {
    const id = randomUUID();
    await publish('orders.validated.created', { id, quantity: 2 });

    await eventually(() => callsFor(id)[0], { description: 'handled' });
    expect(callsFor(id)[0]?.handler).toBe('orders.validated.*');
  });

  it('dispatches to the most specific matching pattern', async () => {
    const id = await order('ok', 'orders.vip.org_1.created');

    await eventually(() => callsFor(id)[0], { description: 'handled' });
    expect(callsFor(id).map((call) => call.handler)).toEqual(['orders.vip.>']);
  });

  it('records as exhausted and terminates a message that fails its last delivery', async () => {
    const subject = `orders.doomed.${randomUUID()}`;
    const id = await order('always-fail', subject);

    const record = await eventually(() => recorder.recordFor(subject), { description: 'exhaustion recorded' });
    await eventually(ordersDrained, { description: 'nothing pending' });

    expect(record.reason).toBe('exhausted after 3 deliveries: still failing on delivery 3');
    expect(callsFor(id).map((call) => call.deliveryCount)).toEqual([1, 2, 3]);
  });

  it('keeps a handler that outlives ack_wait from being redelivered (in-progress signals)', async () => {
    const id = await order('slow');

    await eventually(() => callsFor(id)[0], { description: 'handler started' });
    await eventually(ordersDrained, { timeoutMs: ACK_WAIT_MS * 5, description: 'message acked' });

    expect(callsFor(id)).toHaveLength(1);
  });

  it('re-creates its consumer when it is deleted under it, and carries on', async () => {
    const jsm = await connection.manager();
    await jsm.consumers.delete('ORDERS', 'orders-worker');

    const id = await order('ok');

    await eventually(() => callsFor(id)[0], { timeoutMs: 15_000, description: 'handled by the re-created consumer' });
    expect((await jsm.consumers.info('ORDERS', 'orders-worker')).config.max_deliver).toBe(3);
  });

  it('never runs more than `concurrency` handlers of a consumer at once', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(ids.map((id) => publish(`jobs.${id}`, { id })));

    await eventually(() => ids.every((id) => jobs.done.includes(id)) || undefined, { description: 'all jobs done' });

    expect(jobs.maxInFlight).toBe(3);
    await eventually(() => drained(connection, 'JOBS', 'jobs-worker'), { description: 'jobs acked' });
  });
});
