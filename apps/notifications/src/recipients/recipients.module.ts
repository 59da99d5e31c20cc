import { Module } from '@nestjs/common';
import { RecipientSecrets } from './recipient-secrets';
import { RecipientsController } from './recipients.controller';
import { RecipientsRepository } from './recipients.repository';
import { RecipientsService } from './recipients.service';

/** Recipients: addresses, locale, time zone, quiet hours, preferences. */
@Module({
  controllers: [RecipientsController],
  providers: [RecipientsService, RecipientsRepository, RecipientSecrets],
  exports: [RecipientsService, RecipientsRepository],
})
export class RecipientsModule {}
