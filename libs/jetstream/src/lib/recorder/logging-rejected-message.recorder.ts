import { Logger } from '@nestjs/common';
import { RejectedMessage, RejectedMessageRecorder } from './rejected-message-recorder';

/** The default recorder: a log line with the message's coordinates, never its payload or headers. */
export class LoggingRejectedMessageRecorder implements RejectedMessageRecorder {
  private readonly logger = new Logger('RejectedMessages');

  async record(message: RejectedMessage): Promise<void> {
    const { stream, consumer, subject, sequence, reason } = message;
    this.logger.warn(`rejected ${stream}#${sequence} (${subject}) on ${consumer}: ${reason}`);
  }
}
