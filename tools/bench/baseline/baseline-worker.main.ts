/**
 * The glue Herald replaces, built as a competent team would: a BullMQ worker in its own process,
 * 64 jobs at once, each a signed POST over keep-alive connections (undici pools per origin), then
 * one Postgres row for the delivery, written before the job completes. Retries are BullMQ's
 * (exponential back-off); completed jobs are removed, so Redis holds only the work in flight.
 *
 * Started by BaselineGlue with BASELINE_REDIS_URL, BASELINE_DATABASE_URL and BENCH_WEBHOOK_SECRET.
 */
import { Worker } from 'bullmq';
import { Pool as PgPool } from 'pg';
import { Pool } from 'undici';
import { newId } from '@herald/ids';
import { WebhookSigner } from '@herald/signing';
import { BASELINE_QUEUE, type BaselineJob, type BaselineWorkerMessage } from './baseline-job';

const CONCURRENCY = 64;
const TIMEOUT_MS = 10_000;

const redisUrl = new URL(process.env['BASELINE_REDIS_URL'] ?? '');
const database = new PgPool({ connectionString: process.env['BASELINE_DATABASE_URL'], max: 20 });
const signer = new WebhookSigner([process.env['BENCH_WEBHOOK_SECRET'] ?? '']);
const pools = new Map<string, Pool>();

function send(message: BaselineWorkerMessage): void {
  process.send?.(message);
}

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
    pools.set(origin, pool);
  }
  return pool;
}

async function deliver(job: BaselineJob, attempt: number): Promise<void> {
  const target = new URL(job.url);
  const webhookId = newId('dlv');
  const signature = signer.sign({ webhookId, timestamp: Math.floor(Date.now() / 1000), body: job.body });
  const response = await poolFor(target.origin).request({
    path: target.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-attempt': String(attempt), ...signature },
    body: job.body,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  await response.body.dump();
  await database.query(
    'INSERT INTO baseline_deliveries (id, event_id, url, status_code, attempt) VALUES ($1, $2, $3, $4, $5)',
    [webhookId, job.eventId, job.url, response.statusCode, attempt],
  );
  if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`answered ${response.statusCode}`);
}

async function main(): Promise<void> {
  await database.query(
    `CREATE TABLE IF NOT EXISTS baseline_deliveries (
       id text PRIMARY KEY, event_id text NOT NULL, url text NOT NULL, status_code int NOT NULL,
       attempt int NOT NULL, delivered_at timestamptz NOT NULL DEFAULT now())`,
  );
  const worker = new Worker<BaselineJob>(BASELINE_QUEUE, (job) => deliver(job.data, job.attemptsMade + 1), {
    connection: { host: redisUrl.hostname, port: Number(redisUrl.port), maxRetriesPerRequest: null },
    concurrency: CONCURRENCY,
  });
  worker.on('error', (error) => send({ type: 'failed', message: error.message }));
  await worker.waitUntilReady();
  send({ type: 'ready' });
  process.once('SIGTERM', () => {
    void worker
      .close()
      .then(() => database.end())
      .finally(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  send({ type: 'failed', message: error.message });
  process.exit(1);
});
