import type { MsgHdrs } from '@nats-io/transport-node';
import type { MessageHeaders } from './jetstream.context';

/** NATS headers as a plain record, so handlers and recorders never see a client type. */
export function toMessageHeaders(headers: MsgHdrs | undefined): MessageHeaders {
  const record: Record<string, string[]> = {};
  if (!headers) return record;
  for (const [key, values] of headers) record[key] = [...values];
  return record;
}
