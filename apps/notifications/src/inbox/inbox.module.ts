import { Module } from '@nestjs/common';
import { InboxBroadcaster } from './inbox-broadcaster';
import { InboxController } from './inbox.controller';
import { InboxTokenGuard } from './inbox-token.guard';
import { InboxTokens } from './inbox-tokens';
import { InboxTokenController, UserInboxController } from './user-inbox.controller';
import { InboxService } from './inbox.service';

/**
 * The in-app channel: a per-user inbox, read/seen/archive, and a live event stream; for the
 * platform's servers (API key) and for the user's browser (inbox token).
 */
@Module({
  controllers: [InboxController, InboxTokenController, UserInboxController],
  providers: [InboxService, InboxBroadcaster, InboxTokens, InboxTokenGuard],
  exports: [InboxService],
})
export class InboxModule {}
