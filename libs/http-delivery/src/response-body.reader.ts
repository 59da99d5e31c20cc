import type { Readable } from 'node:stream';

export interface BodyReadLimits {
  /** Bytes kept for the excerpt. */
  keepBytes: number;
  /** Bytes read and dropped past `keepBytes` so the connection can be reused; beyond, the response is aborted. */
  discardBytes: number;
}

export interface BodyReadState {
  kept: Buffer[];
  keptBytes: number;
}

/**
 * Reads at most `keepBytes` into `state` (which survives a mid-body failure, for a partial excerpt)
 * and stops reading, destroying the stream, once more than `keepBytes + discardBytes` arrived.
 */
export async function readCapped(body: Readable, limits: BodyReadLimits, state: BodyReadState): Promise<void> {
  let seen = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    keep(chunk, limits.keepBytes, state);
    seen += chunk.length;
    if (seen > limits.keepBytes + limits.discardBytes) break;
  }
}

function keep(chunk: Buffer, keepBytes: number, state: BodyReadState): void {
  const room = keepBytes - state.keptBytes;
  if (room <= 0) return;
  const slice = chunk.subarray(0, room);
  state.kept.push(slice);
  state.keptBytes += slice.length;
}

export function excerptOf(state: BodyReadState): string {
  return Buffer.concat(state.kept).toString('utf8');
}
