import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { preciseNow } from './stats';

export type SentEmail = { at: number; body: string };

/**
 * SendGrid's mail API as far as the SDK needs it: `POST /v3/mail/send` answers 202 with an
 * `X-Message-Id`. Keeps every request it accepted.
 */
export class FakeSendGrid {
  readonly sent: SentEmail[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v3/mail/send') {
          res.writeHead(404).end();
          return;
        }
        this.sent.push({ at: preciseNow(), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202, { 'x-message-id': randomBytes(11).toString('hex') }).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
