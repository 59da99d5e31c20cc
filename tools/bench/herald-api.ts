/** The few calls the bench makes to Herald's HTTP APIs, with errors that say which call failed. */
export class HeraldApi {
  constructor(private readonly baseUrl: string) {}

  async post<T>(path: string, token: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, token, body);
  }

  async put<T>(path: string, token: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, token, body);
  }

  /** The status of a call, without throwing on 4xx/5xx: for probing whether a route exists. */
  async status(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; text: string }> {
    const response = await this.send(method, path, token, body);
    return { status: response.status, text: await response.text() };
  }

  private async call<T>(method: string, path: string, token: string, body: unknown): Promise<T> {
    const response = await this.send(method, path, token, body);
    const text = await response.text();
    if (!response.ok) throw new HeraldApiError(method, path, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private send(method: string, path: string, token: string, body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
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
