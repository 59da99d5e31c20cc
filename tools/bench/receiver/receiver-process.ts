import { type ChildProcess, fork } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReceiptLog } from './receipt-log';
import type { ReceiverMessage } from './receiver-protocol';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** The receiver (receiver.main.ts) as a child process; its receipts land in `log`. */
export class ReceiverProcess {
  readonly log = new ReceiptLog();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(options: { secret: string; logFile: string }): Promise<ReceiverProcess> {
    const fd = openSync(options.logFile, 'a');
    const child = fork(resolve(__dirname, 'receiver.main.ts'), [], {
      cwd: WORKSPACE_ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json', BENCH_WEBHOOK_SECRET: options.secret },
      stdio: ['ignore', fd, fd, 'ipc'],
    });
    closeSync(fd);
    const port = await new Promise<number>((resolveReady, reject) => {
      child.once('exit', (code) => reject(new Error(`the receiver exited (code ${code}) before it was ready`)));
      child.on('message', (message: ReceiverMessage) => {
        if (message.type === 'ready') resolveReady(message.port);
      });
    });
    const receiver = new ReceiverProcess(child, `http://127.0.0.1:${port}`);
    child.on('message', (message: ReceiverMessage) => {
      if (message.type === 'receipts') receiver.log.add(message.receipts);
    });
    return receiver;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }
}
