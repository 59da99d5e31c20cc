import { resolveWithDns, type ResolveHost } from './host-resolver';
import { assertDeliverableUrl } from './deliverable-url.validator';
import { startLocalServer, reply, type LocalHttpServer } from './test-support/local-http-server';
import { WebhookHttpClient } from './webhook-http.client';

const PUBLIC_IP = '93.184.216.34';

/** Maps `*.test` names for the specs; anything else goes nowhere. */
function fakeDns(answers: Record<string, string[][]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const queue = answers[hostname] ?? [];
    const answer = queue.length > 1 ? queue.shift() : queue[0];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  };
  return Object.assign(resolve, { calls });
}

describe('WebhookHttpClient SSRF guard', () => {
  let v4: LocalHttpServer;
  let v6: LocalHttpServer;

  beforeAll(async () => {
    v4 = await startLocalServer(reply(200, 'delivered'));
    v6 = await startLocalServer(reply(200, 'delivered'), '::1');
  });

  afterAll(async () => {
    await v4.close();
    await v6.close();
  });

  const targets = () => [
    `http://127.0.0.1:${v4.port}/hook`,
    `http://[::1]:${v6.port}/hook`,
    `http://localhost:${v4.port}/hook`,
    `http://evil.test:${v4.port}/hook`,
    `http://[::ffff:127.0.0.1]:${v4.port}/hook`,
  ];

  describe('with the guard on', () => {
    let client: WebhookHttpClient;
    beforeEach(() => {
      client = new WebhookHttpClient({
        timeoutMs: 2000,
        resolve: async (hostname) => (hostname === 'evil.test' ? ['127.0.0.1'] : resolveWithDns(hostname)),
      });
    });
    afterEach(() => client.close());

    it('refuses loopback targets, by literal or by name, before any byte reaches the server', async () => {
      const before = { v4: v4.connections, v6: v6.connections, requests: v4.requests + v6.requests };

      for (const url of targets()) {
        const result = await client.post({ url, body: '{}' });
        expect({ url, ok: result.ok, kind: result.error?.kind }).toEqual({ url, ok: false, kind: 'forbidden_address' });
      }

      expect({ v4: v4.connections, v6: v6.connections, requests: v4.requests + v6.requests }).toEqual(before);
    });

    it.each([
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/',
      'http://0.0.0.0/',
    ])('refuses %s without connecting', async (url) => {
      const result = await client.post({ url, body: '{}' });

      expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden_address' } });
      expect(result.durationMs).toBeLessThan(500);
    });

    it('names the address and its class in the error', async () => {
      const result = await client.post({ url: `http://evil.test:${v4.port}/`, body: '{}' });

      expect(result.error?.message).toBe('evil.test resolves to 127.0.0.1, a loopback address');
    });
  });

  it('refuses a host that resolves to one public and one private address', async () => {
    const client = new WebhookHttpClient({ resolve: fakeDns({ 'mixed.test': [[PUBLIC_IP, '127.0.0.1']] }) });

    const result = await client.post({ url: `http://mixed.test:${v4.port}/`, body: '{}' });
    await client.close();

    expect(result.error?.kind).toBe('forbidden_address');
  });

  it('refuses at connect time when DNS rebinds after registration was checked', async () => {
    const resolve = fakeDns({ 'rebind.test': [[PUBLIC_IP], ['127.0.0.1']] });
    const client = new WebhookHttpClient({ resolve });
    const requestsBefore = v4.requests;
    const url = `http://rebind.test:${v4.port}/hook`;

    await expect(assertDeliverableUrl(url, { resolve })).resolves.toBeInstanceOf(URL);
    const result = await client.post({ url, body: '{}' });
    await client.close();

    expect(resolve.calls).toEqual(['rebind.test', 'rebind.test']);
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden_address' } });
    expect(v4.requests).toBe(requestsBefore);
  });

  it('connects to the address it checked, not to a second lookup', async () => {
    const resolve = fakeDns({ 'pinned.test': [['127.0.0.1'], [PUBLIC_IP]] });
    const client = new WebhookHttpClient({ allowPrivate: true, resolve, timeoutMs: 2000 });

    const result = await client.post({ url: `http://pinned.test:${v4.port}/`, body: '{}' });
    await client.close();

    expect(resolve.calls).toEqual(['pinned.test']);
    expect(result).toMatchObject({ ok: true, bodyExcerpt: 'delivered' });
  });

  it('sends the original Host header to the pinned address', async () => {
    let host: string | undefined;
    const server = await startLocalServer((req, res) => {
      host = req.headers.host;
      reply(200)(req, res);
    });
    const client = new WebhookHttpClient({ allowPrivate: true, resolve: fakeDns({ 'named.test': [['127.0.0.1']] }) });

    await client.post({ url: `http://named.test:${server.port}/`, body: '{}' });
    await client.close();
    await server.close();

    expect(host).toBe(`named.test:${server.port}`);
  });

  it('delivers to every refused loopback target when allowPrivate is set', async () => {
    const client = new WebhookHttpClient({
      allowPrivate: true,
      timeoutMs: 2000,
      resolve: fakeDns({ 'evil.test': [['127.0.0.1']], localhost: [['127.0.0.1']] }),
    });
    const requestsBefore = v4.requests + v6.requests;

    for (const url of targets()) {
      const result = await client.post({ url, body: '{}' });
      expect({ url, ok: result.ok, body: result.bodyExcerpt }).toEqual({ url, ok: true, body: 'delivered' });
    }
    await client.close();

    expect(v4.requests + v6.requests - requestsBefore).toBe(targets().length);
  });
});
