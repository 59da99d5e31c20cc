import { Module } from '@nestjs/common';
import { SecretVault } from '@herald/signing';
import { RecipientsController } from './recipients.controller';
import { RecipientsRepository } from './recipients.repository';
import { RecipientsService } from './recipients.service';

/** Recipients: addresses, locale, time zone, quiet hours, preferences. */
@Module({
  controllers: [RecipientsController],
  providers: [RecipientsService, RecipientsRepository, SecretVault],
  exports: [RecipientsService, RecipientsRepository],
})
export class RecipientsModule {}
