import { startLocalServer, reply, type LocalHttpServer } from './test-support/local-http-server';
import { WebhookHttpClient } from './webhook-http.client';

describe('WebhookHttpClient (delivery)', () => {
  let client: WebhookHttpClient;
  let server: LocalHttpServer | undefined;

  beforeEach(() => {
    client = new WebhookHttpClient({ allowPrivate: true, timeoutMs: 2000 });
  });

  afterEach(async () => {
    await client.close();
    await server?.close();
    server = undefined;
  });

  const post = (path = '/hook', timeoutMs?: number) =>
    client.post({
      url: `http://127.0.0.1:${server?.port}${path}`,
      headers: { 'content-type': 'application/json' },
      body: '{"id":"evt_1"}',
      timeoutMs,
    });

  it('reports a 2xx as ok with status, headers, excerpt and duration', async () => {
    let received = '';
    server = await startLocalServer((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (received += chunk));
      req.on('end', () => res.writeHead(204, { 'x-receiver': 'yes' }).end());
    });

    const result = await post();

    expect(received).toBe('{"id":"evt_1"}');
    expect(result).toMatchObject({ ok: true, status: 204, bodyExcerpt: '' });
    expect(result.headers['x-receiver']).toBe('yes');
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a 500 as not ok and keeps only the first 1 KiB of a 1 MiB body, quickly', async () => {
    server = await startLocalServer(reply(500, 'x'.repeat(1024 * 1024)));

    const started = Date.now();
    const result = await post();

    expect(result).toMatchObject({ ok: false, status: 500 });
    expect(result.bodyExcerpt).toBe('x'.repeat(1024));
    expect(result.error).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not follow a redirect: a 302 is a failed attempt', async () => {
    server = await startLocalServer(reply(302, '', { location: 'http://169.254.169.254/latest/meta-data' }));

    const result = await post();

    expect(result).toMatchObject({ ok: false, status: 302 });
    expect(result.headers['location']).toBe('http://169.254.169.254/latest/meta-data');
    expect(server.requests).toBe(1);
  });

  it('times out within the deadline when the server never answers', async () => {
    server = await startLocalServer(() => undefined);

    const result = await post('/hook', 300);

    expect(result.ok).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.error?.kind).toBe('timeout');
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(600);
  });

  it('times out when the body trickles past the deadline, keeping what arrived', async () => {
    server = await startLocalServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });

    const result = await post('/hook', 300);

    expect(result).toMatchObject({ ok: false, status: 200, error: { kind: 'timeout' } });
    expect(result.bodyExcerpt).toMatch(/^\.+$/);
    expect(result.durationMs).toBeLessThan(600);
  });

  it('parses Retry-After in seconds on a 429', async () => {
    server = await startLocalServer(reply(429, 'slow down', { 'retry-after': '120' }));

    const result = await post();

    expect(result).toMatchObject({ ok: false, status: 429, retryAfterMs: 120_000 });
  });

  it('parses Retry-After as an HTTP-date on a 503', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    server = await startLocalServer(reply(503, '', { 'retry-after': at }));

    const result = await post();

    expect(result.retryAfterMs).toBeGreaterThan(55_000);
    expect(result.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('ignores Retry-After on other statuses', async () => {
    server = await startLocalServer(reply(500, '', { 'retry-after': '5' }));

    expect((await post()).retryAfterMs).toBeUndefined();
  });

  it('reuses one keep-alive socket for sequential posts to one origin', async () => {
    server = await startLocalServer(reply(200, 'ok'));

    const first = await post();
    const second = await post();

    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(server.requests).toBe(2);
    expect(server.connections).toBe(1);
  });

  it('reports a refused connection as a connect error without throwing', async () => {
    server = await startLocalServer(reply(200));
    const port = server.port;
    await server.close();
    server = undefined;

    const result = await client.post({ url: `http://127.0.0.1:${port}/`, body: '{}' });

    expect(result).toMatchObject({ ok: false, error: { kind: 'connect' } });
  });

  it('reports an unresolvable host as a dns error', async () => {
    const failing = new WebhookHttpClient({
      resolve: async () =>
        Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' })),
    });

    const result = await failing.post({ url: 'http://nowhere.test/', body: '{}' });
    await failing.close();

    expect(result).toMatchObject({ ok: false, error: { kind: 'dns' } });
  });

  it('reports a TLS handshake failure as a tls error', async () => {
    server = await startLocalServer(reply(200, 'plain http'));

    const result = await client.post({ url: `https://127.0.0.1:${server.port}/`, body: '{}' });

    expect(result).toMatchObject({ ok: false, error: { kind: 'tls' } });
  });

  it('reports a non-http URL as a protocol error without throwing', async () => {
    const result = await client.post({ url: 'ftp://example.com/', body: '{}' });

    expect(result).toMatchObject({ ok: false, error: { kind: 'protocol' } });
  });
});
