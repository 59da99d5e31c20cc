import type { JetStreamConnection } from '../index';

export type ConsumerState = { ackPending: number; pending: number; redelivered: number; delivered: number };

/** The server's view of a durable consumer: what is unacked, waiting or redelivered. */
export async function consumerState(
  connection: JetStreamConnection,
  stream: string,
  durable: string,
): Promise<ConsumerState> {
  const info = await (await connection.manager()).consumers.info(stream, durable);
  return {
    ackPending: info.num_ack_pending,
    pending: info.num_pending,
    redelivered: info.num_redelivered,
    delivered: info.delivered.consumer_seq,
  };
}

/** For `eventually`: resolves once nothing is left to deliver or to settle. */
export async function drained(connection: JetStreamConnection, stream: string, durable: string): Promise<true> {
  const state = await consumerState(connection, stream, durable);
  if (state.ackPending !== 0 || state.pending !== 0) throw new Error(`not drained: ${JSON.stringify(state)}`);
  return true;
}
