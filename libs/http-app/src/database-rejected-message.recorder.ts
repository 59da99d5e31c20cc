import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { newId } from '@herald/ids';
import { type RejectedMessage, RejectedMessageRecorder } from '@herald/jetstream';

/**
 * Keeps every message the transport terminates in `rejected_messages`, with its reason, so a
 * poison message is never lost silently. Idempotent per (stream, sequence): a redelivered
 * rejection is stored once.
 */
@Injectable()
export class DatabaseRejectedMessageRecorder extends RejectedMessageRecorder {
  private readonly logger = new Logger(DatabaseRejectedMessageRecorder.name);

  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async record(message: RejectedMessage): Promise<void> {
    await this.prisma.rejectedMessage.createMany({
      data: [
        {
          id: newId('rej'),
          stream: message.stream,
          consumer: message.consumer,
          subject: message.subject,
          sequence: BigInt(message.sequence),
          reason: message.reason,
          payload: Buffer.from(message.payload),
        },
      ],
      skipDuplicates: true,
    });
    this.logger.warn(`rejected ${message.stream}#${message.sequence} on ${message.subject}: ${message.reason}`);
  }
}
