import { Module } from '@nestjs/common';
import { RecipientsModule } from '../recipients/recipients.module';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Signed one-click unsubscribe links. */
@Module({
  imports: [RecipientsModule],
  controllers: [UnsubscribeController],
  providers: [UnsubscribeTokens],
  exports: [UnsubscribeTokens],
})
export class UnsubscribeModule {}
