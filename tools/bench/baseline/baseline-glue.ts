import { type ChildProcess, fork, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '@herald/testing';
import { Queue } from 'bullmq';
import { tcpAnswers } from '../../dev/probes';
import { BASELINE_QUEUE, type BaselineJob, type BaselineWorkerMessage } from './baseline-job';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');
/** Jobs per addBulk call: what a producer batching its events would send at once. */
const BULK_SIZE = 500;
const JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true };

/**
 * The BullMQ glue the bench compares Herald with: a private `redis-server` persisting like a
 * production one (AOF, fsync every second), a producer (the bench process, as a platform service
 * would enqueue) and the worker in its own process.
 */
export class BaselineGlue {
  private constructor(
    private readonly queue: Queue<BaselineJob>,
    private readonly worker: ChildProcess,
    private readonly redis: ChildProcess,
  ) {}

  static async start(options: { runDir: string; databaseUrl: string; secret: string }): Promise<BaselineGlue> {
    const port = await freePort();
    const redis = await startRedis(port, join(options.runDir, 'redis'));
    const worker = await startWorker(`redis://127.0.0.1:${port}`, options).catch((error: Error) => {
      redis.kill('SIGKILL');
      throw error;
    });
    const queue = new Queue<BaselineJob>(BASELINE_QUEUE, { connection: { host: '127.0.0.1', port } });
    return new BaselineGlue(queue, worker, redis);
  }

  /** The glue's processes, for the bench's CPU meter. */
  get pids(): Record<string, number[]> {
    return { 'baseline worker': [this.worker.pid ?? 0], redis: [this.redis.pid ?? 0] };
  }

  /** Enqueues one job per delivery, `BULK_SIZE` at a time, recording when each event was handed over. */
  async enqueue(jobs: BaselineJob[], enqueuedAt: Map<string, number>): Promise<void> {
    for (let start = 0; start < jobs.length; start += BULK_SIZE) {
      const bulk = jobs.slice(start, start + BULK_SIZE);
      const at = performance.timeOrigin + performance.now();
      for (const job of bulk) enqueuedAt.set(job.eventId, at);
      await this.queue.addBulk(bulk.map((data) => ({ name: 'deliver', data, opts: JOB_OPTIONS })));
    }
  }

  async stop(): Promise<void> {
    await this.queue.close();
    await Promise.all([terminate(this.worker), terminate(this.redis)]);
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  const child = spawn('redis-server', [...args, '--appendonly', 'yes', '--appendfsync', 'everysec'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  while (!(await tcpAnswers('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((done) => setTimeout(done, 100));
  }
  return child;
}

async function startWorker(
  redisUrl: string,
  options: { runDir: string; databaseUrl: string; secret: string },
): Promise<ChildProcess> {
  const fd = openSync(join(options.runDir, 'baseline-worker.log'), 'a');
  const child = fork(resolve(__dirname, 'baseline-worker.main.ts'), [], {
    cwd: WORKSPACE_ROOT,
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: 'tsconfig.base.json',
      BASELINE_REDIS_URL: redisUrl,
      BASELINE_DATABASE_URL: options.databaseUrl,
      BENCH_WEBHOOK_SECRET: options.secret,
    },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  await new Promise<void>((ready, reject) => {
    child.once('exit', (code) => reject(new Error(`the baseline worker exited (code ${code}) before it was ready`)));
    child.on('message', (message: BaselineWorkerMessage) => {
      if (message.type === 'ready') ready();
      if (message.type === 'failed') reject(new Error(`the baseline worker failed: ${message.message}`));
    });
  });
  return child;
}
