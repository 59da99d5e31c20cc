import { type DynamicModule, Module } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { HeraldCoreModule } from '@herald/http-app';
import { DeliveryModule } from './delivery/delivery.module';
import { InboxModule } from './inbox/inbox.module';
import { RecipientsModule } from './recipients/recipients.module';
import { TemplatesModule } from './templates/templates.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';

@Module({})
export class NotificationsModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        HeraldCoreModule.forRoot(config),
        RecipientsModule,
        TemplatesModule,
        InboxModule,
        UnsubscribeModule,
        DeliveryModule,
      ],
    };
  }
}
