import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export type Provider = 'sendgrid' | 'twilio' | 'discord';

export type FakeRequest = {
  provider: Provider;
  /** Who it was for: the first email recipient, the SMS `To`, or the Discord webhook path. */
  to: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  at: number;
};

type Answer = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/**
 * SendGrid (`POST /v3/mail/send`), Twilio (`POST /2010-04-01/Accounts/<sid>/Messages.json`) and
 * Discord (`POST /api/webhooks/<id>/<token>`) on one loopback server, spoken to by the real SDKs.
 * Answers are scripted per recipient (a list of statuses, the last repeating); otherwise each
 * answers as the real service does on success.
 */
export class ProviderFakes {
  readonly requests: FakeRequest[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private server?: Server;
  url = '';

  script(provider: Provider, to: string, answers: Answer[]): void {
    this.scripts.set(`${provider}:${to}`, answers);
  }

  for(provider: Provider, to?: string): FakeRequest[] {
    return this.requests.filter((request) => request.provider === provider && (to === undefined || request.to === to));
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const path = req.url ?? '/';
        const provider = providerOf(path);
        if (!provider) return void res.writeHead(404).end();
        const json = parse(provider, body);
        const to = recipientOf(provider, path, json);
        this.requests.push({ provider, to, path, headers: req.headers, body, json, at: Date.now() });
        const scripted = this.scripts.get(`${provider}:${to}`);
        const count = this.for(provider, to).length;
        const answer = scripted?.[Math.min(count - 1, scripted.length - 1)] ?? success(provider, json);
        const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
        const reply = () =>
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(payload);
        if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

function providerOf(path: string): Provider | null {
  if (path.startsWith('/v3/mail/send')) return 'sendgrid';
  if (/^\/2010-04-01\/Accounts\/AC[^/]+\/Messages\.json/.test(path)) return 'twilio';
  if (path.startsWith('/api/webhooks/')) return 'discord';
  return null;
}

function parse(provider: Provider, body: string): Record<string, unknown> {
  if (provider === 'twilio') return Object.fromEntries(new URLSearchParams(body));
  return body ? (JSON.parse(body) as Record<string, unknown>) : {};
}

function recipientOf(provider: Provider, path: string, json: Record<string, unknown>): string {
  if (provider === 'twilio') return String(json['To']);
  if (provider === 'discord') return path.split('?')[0];
  const [personalization] = json['personalizations'] as { to: { email: string }[] }[];
  return personalization.to[0].email;
}

function success(provider: Provider, json: Record<string, unknown>): Answer {
  const id = randomBytes(8).toString('hex');
  if (provider === 'sendgrid') return { status: 202, headers: { 'x-message-id': `sg${id}` } };
  if (provider === 'discord') return { status: 200, body: { id: `1${parseInt(id.slice(0, 8), 16)}` } };
  return {
    status: 201,
    body: { sid: `SM${id}${id}`, status: 'queued', to: json['To'], from: json['From'], body: json['Body'] },
  };
}
