import { Controller, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { eventually, NatsServerProcess } from '@herald/testing';
import {
  JetStreamConnection,
  JetStreamModule,
  JetStreamPublisher,
  JetStreamServer,
  RejectedMessageRecorder,
} from '../index';
import { drained } from '../test-support/consumer-state';
import { MemoryRecorder } from '../test-support/memory.recorder';

const received: string[] = [];
const gates = new Map<string, () => void>();

@Controller()
class MailHandlers {
  @EventPattern('mail.*')
  async send(@Payload() mail: { id: string; hold?: boolean }): Promise<void> {
    if (mail.hold) await new Promise<void>((resolve) => gates.set(mail.id, resolve));
    received.push(mail.id);
  }
}

describe('JetStreamModule wired into a Nest app', () => {
  let nats: NatsServerProcess;
  let app: INestApplication;
  let observer: JetStreamConnection;

  beforeAll(async () => {
    nats = await NatsServerProcess.start();
    observer = await JetStreamConnection.connect({ servers: nats.url, name: 'observer' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        JetStreamModule.forRootAsync({
          useFactory: () => ({
            servers: nats.url,
            name: 'module-spec',
            streams: [{ name: 'MAIL', subjects: ['mail.*'] }],
          }),
        }),
      ],
      controllers: [MailHandlers],
      providers: [{ provide: RejectedMessageRecorder, useClass: MemoryRecorder }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    app.connectMicroservice({
      inject: [JetStreamConnection, RejectedMessageRecorder],
      useFactory: (connection: JetStreamConnection, recorder: RejectedMessageRecorder) => ({
        strategy: new JetStreamServer({
          connection,
          recorder,
          consumers: [{ stream: 'MAIL', durable: 'mailer', filterSubject: 'mail.*', ackWaitMs: 5000 }],
        }),
      }),
    });
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await observer?.close();
    await nats?.dispose();
  });

  it('provisions the streams at boot and delivers what the injected publisher sends to the handler', async () => {
    const result = await app.get(JetStreamPublisher).publish('mail.welcome', { id: 'mail-1' }, { msgId: 'mail-1' });

    expect(result).toEqual({ stream: 'MAIL', seq: 1, duplicate: false });
    await eventually(() => received.includes('mail-1') || undefined, { description: 'handled' });
    expect(app.get(JetStreamConnection).isConnected()).toBe(true);
  });

  it('on close, stops pulling, waits for the handler in flight, acks, then drains the connection', async () => {
    const connection = app.get(JetStreamConnection);
    await app.get(JetStreamPublisher).publish('mail.slow', { id: 'mail-2', hold: true }, { msgId: 'mail-2' });
    await eventually(() => gates.get('mail-2'), { description: 'handler in flight' });

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    // An absence can only be shown by waiting: close() must still be held by the handler.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    expect(connection.isConnected()).toBe(true);

    gates.get('mail-2')?.();
    await closing;

    expect(received).toContain('mail-2');
    expect(connection.isConnected()).toBe(false);
    await eventually(() => drained(observer, 'MAIL', 'mailer'), { description: 'acked before the drain' });
  });
});
