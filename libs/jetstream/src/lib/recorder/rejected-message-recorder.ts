/** A message the transport terminated, with the reason it will never be delivered again. */
export type RejectedMessage = {
  readonly stream: string;
  readonly consumer: string;
  readonly subject: string;
  /** Stream sequence: with `stream`, a natural unique key for an idempotent store. */
  readonly sequence: number;
  readonly reason: string;
  readonly payload: Uint8Array;
  readonly headers: Readonly<Record<string, readonly string[]>>;
};

/**
 * Where rejected messages are recorded before they are terminated (nats-server 2.9 drops the
 * reason given to `term()`). An abstract class so it doubles as the Nest injection token. A
 * `record` that throws leaves the message un-terminated, so it is not lost unrecorded.
 */
export abstract class RejectedMessageRecorder {
  abstract record(message: RejectedMessage): Promise<void>;
}
