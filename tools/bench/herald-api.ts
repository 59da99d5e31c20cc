import { type Dispatcher, Pool } from 'undici';

/** Requests the notifications scenario keeps in flight, with room to spare. */
const CONNECTIONS = 512;

/**
 * The few calls the bench makes to Herald's HTTP APIs, with errors that say which call failed.
 * Over an undici pool, as the ceiling's client: `fetch` costs the load generator about twice the
 * CPU per request, which on a two-core box is taken from Herald.
 */
export class HeraldApi {
  private readonly pool: Pool;

  constructor(baseUrl: string) {
    this.pool = new Pool(baseUrl, { connections: CONNECTIONS });
  }

  async post<T>(path: string, token: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, token, body);
  }

  async put<T>(path: string, token: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, token, body);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async call<T>(method: Dispatcher.HttpMethod, path: string, token: string, body: unknown): Promise<T> {
    const { status, text } = await this.send(method, path, token, body);
    if (status >= 400) throw new HeraldApiError(method, path, status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(
    method: Dispatcher.HttpMethod,
    path: string,
    token: string,
    body: unknown,
  ): Promise<{ status: number; text: string }> {
    const response = await this.pool.request({
      method,
      path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    return { status: response.statusCode, text: await response.body.text() };
  }
}

export class HeraldApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'HeraldApiError';
  }
}

/** Runs `task` for 0..count-1 with at most `concurrency` at once. */
export async function forEachConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
