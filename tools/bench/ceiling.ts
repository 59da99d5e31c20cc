import { newId } from '@herald/ids';
import { WebhookSigner } from '@herald/signing';
import { Pool } from 'undici';
import { round } from './stats';

export type CeilingRun = {
  requests: number;
  seconds: number;
  per_second: number;
  failed: number;
  /** CPU time each process spent per request (ms): the bench is the client here, the apps idle. */
  cpu_ms_per_request?: Record<string, number>;
};

/** Measured before and after the end-to-end scenario; `per_second` is the better run. */
export type CeilingResult = { per_second: number; concurrency: number; before: CeilingRun; after: CeilingRun };

/**
 * The physical ceiling: a bare undici loop posting the same signed payload shape Herald sends
 * (Standard Webhooks headers, `sha256=`, attempt) to the same receiver, `concurrency` requests in
 * flight over keep-alive connections. No database, no broker: what the receiver and the machine allow.
 */
export async function measureCeiling(input: {
  url: string;
  secret: string;
  requests: number;
  concurrency: number;
  payload: (index: number) => Record<string, unknown>;
}): Promise<CeilingRun> {
  const target = new URL(input.url);
  const pool = new Pool(target.origin, { connections: input.concurrency, pipelining: 1 });
  const signer = new WebhookSigner([input.secret]);
  let next = 0;
  let failed = 0;
  const post = async (index: number) => {
    const body = JSON.stringify(input.payload(index));
    const webhookId = newId('dlv');
    const signature = signer.sign({ webhookId, timestamp: Math.floor(Date.now() / 1000), body });
    const response = await pool.request({
      path: target.pathname,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Herald-bench-ceiling',
        'x-webhook-attempt': '1',
        ...signature,
      },
      body,
    });
    await response.body.dump();
    if (response.statusCode !== 200) failed += 1;
  };
  const started = performance.now();
  const worker = async () => {
    while (next < input.requests) await post(next++);
  };
  try {
    await Promise.all(Array.from({ length: input.concurrency }, worker));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: input.requests,
    seconds: round(seconds, 2),
    per_second: round(input.requests / seconds),
    failed,
  };
}
