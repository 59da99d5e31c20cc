/** Just enough of the Postgres frontend/backend protocol to frame and route client messages. */

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Messages after which the client waits for the server: the end of a unit of work. */
const WAITS_FOR_REPLY = new Set(['S', 'Q', 'H', 'F', 'c', 'f']);
const READY_FOR_QUERY_LENGTH = 6;
const MAX_MESSAGE_LENGTH = 1 << 30;

export const SYNC_MESSAGE = Buffer.from([0x53, 0, 0, 0, 4]);

export type FrontendMessage = { type: string; bytes: Buffer };

/** The next startup-phase message (no type byte), or undefined until it has fully arrived. */
export function takeStartupMessage(buffer: Buffer): { message: Buffer; code: number; rest: Buffer } | undefined {
  if (buffer.length < 8) return undefined;
  const length = checkedLength(buffer.readInt32BE(0), 8);
  if (buffer.length < length) return undefined;
  return { message: buffer.subarray(0, length), code: buffer.readInt32BE(4), rest: buffer.subarray(length) };
}

/** The next regular message (type byte + length), or undefined until it has fully arrived. */
export function takeMessage(buffer: Buffer): { message: FrontendMessage; rest: Buffer } | undefined {
  if (buffer.length < 5) return undefined;
  const end = 1 + checkedLength(buffer.readInt32BE(1), 4);
  if (buffer.length < end) return undefined;
  const bytes = buffer.subarray(0, end);
  return { message: { type: String.fromCharCode(bytes[0]), bytes }, rest: buffer.subarray(end) };
}

function checkedLength(length: number, minimum: number): number {
  if (length < minimum || length > MAX_MESSAGE_LENGTH) throw new Error(`invalid message length ${length}`);
  return length;
}

export function waitsForReply(type: string): boolean {
  return WAITS_FOR_REPLY.has(type);
}

/** Keeps the last bytes the server sent, enough to recognise a closing ReadyForQuery. */
export function outputTail(previous: Buffer, data: Uint8Array): Buffer {
  const combined = Buffer.concat([previous, data]);
  return combined.subarray(Math.max(0, combined.length - READY_FOR_QUERY_LENGTH));
}

/** True when the server's output ended with ReadyForQuery reporting an idle session ('I'). */
export function endsIdle(tail: Buffer): boolean {
  return tail.length === READY_FOR_QUERY_LENGTH && tail[0] === 0x5a && tail.readInt32BE(1) === 5 && tail[5] === 0x49;
}

/** A FATAL ErrorResponse, for refusing a connection before it reaches PGlite. */
export function fatalError(sqlState: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${sqlState}\0M${text}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
