// Tests read API answers field by field, as a client would; typing every answer adds nothing there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type HttpAnswer<T = Json> = { status: number; body: T };

/** A JSON request as an API client would make it; the body comes back parsed (undefined when empty). */
export async function callApi<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
}
