import type { Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionLock } from './session-lock';
import {
  CANCEL_REQUEST,
  closeStatementsMessage,
  endsIdle,
  GSSENC_REQUEST,
  namespaceNames,
  SSL_REQUEST,
  outputTail,
  SYNC_MESSAGE,
  takeMessage,
  takeStartupMessage,
  waitsForReply,
} from './wire-protocol';

let nextConnectionId = 1;

/**
 * One client socket of a PgliteWireServer. Groups the client's messages into units of work (up
 * to Sync, Query or Flush) and runs each unit on PGlite as one piece while owning the session.
 * Its named statements and portals live under a prefix of its own, as if it had a session of its own.
 */
export class WireConnection {
  readonly id = nextConnectionId++;
  private readonly namePrefix = `c${this.id}:`;
  private readonly statements = new Set<string>();
  /** Settles once the connection is closed and has given the session back. */
  readonly done: Promise<void>;
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private pending: Buffer[] = [];
  private work: Promise<void> = Promise.resolve();
  private closed = false;
  private finish: () => void = () => undefined;

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly session: SessionLock,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose());
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length > 0 ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      while (!this.closed && (this.started ? this.takeRegular() : this.takeStartup()));
    } catch {
      this.socket.destroy(); // Not the Postgres protocol.
    }
  }

  private takeStartup(): boolean {
    const taken = takeStartupMessage(this.buffer);
    if (!taken) return false;
    this.buffer = taken.rest;
    if (taken.code === SSL_REQUEST || taken.code === GSSENC_REQUEST) {
      // No encryption here: "N" lets `sslmode=prefer` clients (psql, Prisma's engines) go on in plain text.
      this.socket.write('N');
      return true;
    }
    if (taken.code === CANCEL_REQUEST) {
      this.socket.end(); // PGlite cannot interrupt a running statement.
      return false;
    }
    this.started = true;
    this.enqueue([taken.message]);
    return true;
  }

  private takeRegular(): boolean {
    const taken = takeMessage(this.buffer);
    if (!taken) return false;
    this.buffer = taken.rest;
    const { type } = taken.message;
    if (type === 'X') {
      this.socket.end();
      return false;
    }
    const { bytes: own, parsed } = namespaceNames(taken.message, this.namePrefix);
    if (parsed) this.statements.add(parsed);
    this.pending.push(own);
    if (waitsForReply(type)) {
      this.enqueue(this.pending);
      this.pending = [];
    }
    return true;
  }

  private enqueue(messages: Buffer[]): void {
    const bytes = Buffer.concat(messages);
    this.work = this.work
      .then(() => this.execute(bytes))
      .catch(() => {
        this.socket.destroy();
      });
  }

  private async execute(bytes: Buffer): Promise<void> {
    if (this.closed) return;
    await this.session.acquire(this.id);
    let tail: Buffer = Buffer.alloc(0);
    const onRawData = (data: Uint8Array): void => {
      this.send(data);
      tail = outputTail(tail, data);
    };
    await this.db.runExclusive(() => this.db.execProtocolRawStream(new Uint8Array(bytes), { onRawData }));
    // Hand the session on only once it is idle: not mid-transaction, nor mid-way through an
    // extended query the client flushed, nor in a COPY.
    if (endsIdle(tail) && !this.db.isInTransaction()) this.session.release(this.id);
  }

  private send(data: Uint8Array): void {
    // Copy: PGlite hands out a view of memory it reuses for the next message.
    if (!this.socket.destroyed && data.length > 0) this.socket.write(Buffer.from(data));
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.forget(this.id);
    void this.work
      .then(() => this.giveBackSession())
      .then(() => this.closeStatements())
      .catch(() => undefined)
      .finally(() => this.finish());
  }

  /** Frees the statements a departed client prepared, which would otherwise outlive it in the session. */
  private async closeStatements(): Promise<void> {
    if (this.statements.size === 0) return;
    await this.session.acquire(this.id);
    try {
      const closing = closeStatementsMessage(this.statements);
      await this.db.runExclusive(() => this.db.execProtocolRawStream(closing, { onRawData: () => undefined }));
    } finally {
      this.session.release(this.id);
    }
  }

  /** A client gone mid-statement or mid-transaction must not leave the shared session dirty. */
  private async giveBackSession(): Promise<void> {
    if (this.session.holder !== this.id) return;
    try {
      await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }));
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    } finally {
      this.session.release(this.id);
    }
  }
}
