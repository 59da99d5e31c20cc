import type { RejectedMessage, RejectedMessageRecorder } from '../index';

/** Keeps rejected messages in memory so specs can assert on them. */
export class MemoryRecorder implements RejectedMessageRecorder {
  readonly records: RejectedMessage[] = [];
  /** How many of the next record() calls fail, as a database outage would. */
  failures = 0;

  async record(message: RejectedMessage): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('database unavailable');
    }
    this.records.push(message);
  }

  /** The one record for a subject, or a thrown error (for `eventually`) while there is none. */
  recordFor(subject: string): RejectedMessage {
    const found = this.records.filter((record) => record.subject === subject);
    if (found.length !== 1) throw new Error(`${found.length} records for ${subject}`);
    return found[0] as RejectedMessage;
  }

  /** The record of a stream sequence, or a thrown error (for `eventually`) while there is none. */
  recordAt(sequence: number): RejectedMessage {
    const found = this.records.find((record) => record.sequence === sequence);
    if (!found) throw new Error(`no record for sequence ${sequence}`);
    return found;
  }
}
