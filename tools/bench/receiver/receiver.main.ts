/**
 * The bench's webhook receiver, in a process of its own so that it competes for the CPU the way
 * a real receiver would: verifies every request (Standard Webhooks signature and the `sha256=`
 * header) and reports each receipt to the bench over IPC, in batches.
 *
 * Started by ReceiverProcess with BENCH_WEBHOOK_SECRET; answers 200 when both signatures verify, 401 otherwise.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { Receipt, ReceiverMessage } from './receiver-protocol';

const FLUSH_INTERVAL_MS = 20;

const secret = process.env['BENCH_WEBHOOK_SECRET'] ?? '';
if (!secret.startsWith('whsec_')) throw new Error('BENCH_WEBHOOK_SECRET must be a whsec_ secret');
const standardWebhook = new Webhook(secret);
let pending: Receipt[] = [];

function send(message: ReceiverMessage): void {
  process.send?.(message);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    const body = Buffer.concat(chunks).toString('utf8');
    const verified = verifies(body, req);
    pending.push({
      path: req.url ?? '/',
      webhookId: String(req.headers['webhook-id'] ?? ''),
      eventId: verified ? eventIdOf(body) : '',
      verified,
      at,
    });
    res.writeHead(verified ? 200 : 401, { 'content-type': 'text/plain' }).end(verified ? 'ok' : 'bad signature');
  });
}

function verifies(body: string, req: IncomingMessage): boolean {
  try {
    standardWebhook.verify(body, {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    });
  } catch {
    return false;
  }
  const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return req.headers['x-webhook-signature'] === expected;
}

function eventIdOf(body: string): string {
  const parsed: unknown = JSON.parse(body);
  return typeof parsed === 'object' && parsed !== null && 'id' in parsed ? String(parsed.id) : '';
}

function flush(): void {
  if (pending.length === 0) return;
  send({ type: 'receipts', receipts: pending });
  pending = [];
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
setInterval(flush, FLUSH_INTERVAL_MS);
process.on('disconnect', () => process.exit(0));
