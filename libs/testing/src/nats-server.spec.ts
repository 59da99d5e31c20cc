import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { NatsServerProcess } from './nats-server';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('NatsServerProcess', () => {
  it('runs a private server that can be stopped and started again on the same port and store', async () => {
    const server = await NatsServerProcess.start();
    try {
      expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
      expect(server.port).not.toBe(4222);
      expect(await answers(server.port)).toBe(true);

      await server.stop();
      expect(await answers(server.port)).toBe(false);

      await server.start();
      expect(await answers(server.port)).toBe(true);
    } finally {
      await server.dispose();
    }
    expect(await answers(server.port)).toBe(false);
    expect(existsSync(server.storeDir)).toBe(false);
  });
});
