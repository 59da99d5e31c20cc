import { Module } from '@nestjs/common';
import { DiscordSender } from '../channels/discord.sender';
import { EmailSender } from '../channels/email.sender';
import { OutboxWriter } from '../channels/outbox.writer';
import { SmsSender } from '../channels/sms.sender';
import { InboxModule } from '../inbox/inbox.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { RuleDirectory } from '../rules/rule-directory';
import { RulesController } from '../rules/rules.controller';
import { RulesService } from '../rules/rules.service';
import { NotificationIntake } from '../sending/notification-intake.service';
import { NotificationsController } from '../sending/notifications.controller';
import { TemplatesModule } from '../templates/templates.module';
import { ProviderCallbacksController } from '../tracking/provider-callbacks.controller';
import { ProviderCallbacksService } from '../tracking/provider-callbacks.service';
import { UnsubscribeModule } from '../unsubscribe/unsubscribe.module';
import { DeliveryHandlers } from './delivery.handlers';
import { DeliveryRepository } from './delivery.repository';
import { DigestFlusher } from './digest-flusher.service';
import { FanOutService } from './fan-out.service';
import { NotificationMetrics } from './notification-metrics';
import { StepRunner } from './step-runner.service';
import { StepStore } from './step.store';

/**
 * The pipeline: intake (REST, `notifications.send`, rules) → fan-out into channel steps (preferences,
 * suppressions, throttles, digests, quiet hours) → one job per step → providers → status callbacks.
 */
@Module({
  imports: [RecipientsModule, TemplatesModule, InboxModule, UnsubscribeModule],
  controllers: [DeliveryHandlers, NotificationsController, RulesController, ProviderCallbacksController],
  providers: [
    DeliveryRepository,
    FanOutService,
    NotificationMetrics,
    StepRunner,
    StepStore,
    DigestFlusher,
    NotificationIntake,
    RulesService,
    RuleDirectory,
    ProviderCallbacksService,
    EmailSender,
    SmsSender,
    DiscordSender,
    OutboxWriter,
  ],
})
export class DeliveryModule {}
