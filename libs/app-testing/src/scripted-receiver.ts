import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

/**
 * A webhook receiver on 127.0.0.1 whose answers are scripted per path (a list of statuses, the
 * last one repeating; 200 when unscripted). It keeps every request it got.
 */
export class ScriptedReceiver {
  readonly received: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, { status: number; headers?: Record<string, string> }[]>();
  private server?: Server;

  script(path: string, answers: { status: number; headers?: Record<string, string> }[]): void {
    this.scripts.set(path, answers);
  }

  for(path: string): ReceivedRequest[] {
    return this.received.filter((request) => request.path === path);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body, at: Date.now() });
        const answers = this.scripts.get(path) ?? [{ status: 200 }];
        const answer = answers[Math.min(this.for(path).length - 1, answers.length - 1)];
        res.writeHead(answer.status, answer.headers).end(`answer ${answer.status}`);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
