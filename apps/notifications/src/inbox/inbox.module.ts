import { Module } from '@nestjs/common';
import { InboxBroadcaster } from './inbox-broadcaster';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/** The in-app channel: a per-user inbox, read/seen/archive, and a live event stream. */
@Module({
  controllers: [InboxController],
  providers: [InboxService, InboxBroadcaster],
  exports: [InboxService],
})
export class InboxModule {}
