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

/**
 * Rewrites the statement and portal names a client message refers to into the client's own
 * namespace (`prefix` + name). PGlite has one session, so without this two clients preparing a
 * statement of the same name (every pg pool connection does, for the hot paths' named statements)
 * collide: "prepared statement … already exists". Unnamed ones ("") are left alone: the session
 * lock keeps them private to the client that owns the session. Returns the name a Parse created.
 */
export function namespaceNames(message: FrontendMessage, prefix: string): { bytes: Buffer; parsed?: string } {
  const fields = namedFields(message);
  if (!fields) return { bytes: message.bytes };
  const { bytes } = message;
  const parts: Buffer[] = [bytes.subarray(0, 5)];
  let at = 5;
  let parsed: string | undefined;
  for (const field of fields) {
    if (field === 'kind') {
      parts.push(bytes.subarray(at, at + 1));
      at += 1;
      continue;
    }
    const end = bytes.indexOf(0, at);
    const name = bytes.toString('utf8', at, end);
    const renamed = name === '' ? name : prefix + name;
    if (message.type === 'P') parsed = renamed || undefined;
    parts.push(Buffer.from(`${renamed}\0`, 'utf8'));
    at = end + 1;
  }
  parts.push(bytes.subarray(at));
  const out = Buffer.concat(parts);
  out.writeInt32BE(out.length - 1, 1);
  return { bytes: out, parsed };
}

/** The leading fields of a message that name a statement or a portal, in order. */
function namedFields(message: FrontendMessage): Array<'name' | 'kind'> | undefined {
  switch (message.type) {
    case 'P': // Parse: statement name, query, …
    case 'E': // Execute: portal name, row limit
      return ['name'];
    case 'B': // Bind: portal name, statement name, …
      return ['name', 'name'];
    case 'D': // Describe: 'S' | 'P', name
    case 'C': // Close: 'S' | 'P', name
      return ['kind', 'name'];
    default:
      return undefined;
  }
}

/** Close messages for the named statements, then a Sync: frees a departed client's statements. */
export function closeStatementsMessage(names: Iterable<string>): Buffer {
  const closes = [...names].map((name) => {
    const body = Buffer.from(`S${name}\0`, 'utf8');
    const header = Buffer.alloc(5);
    header.write('C', 0, 'ascii');
    header.writeInt32BE(4 + body.length, 1);
    return Buffer.concat([header, body]);
  });
  return Buffer.concat([...closes, SYNC_MESSAGE]);
}
