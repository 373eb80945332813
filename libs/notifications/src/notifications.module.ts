import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AccountSetupModule } from '@tally/auth';
import { LogsModule } from '@tally/logs';
import { MailModule } from '@tally/platform';
import { TrackersModule } from '@tally/trackers';
import { EventReminders } from './event-reminders.service';
import { MailOutbox } from './mail-outbox.service';
import { NotificationSettingsService } from './notification-settings.service';
import { NOTIFICATION_ENTITIES } from './notifications.entities';
import { ReminderMailComposers } from './reminder-mail.composers';
import { ReminderScheduler } from './reminder-scheduler.service';
import { Unsubscribe } from './unsubscribe.service';

/**
 * Reminders to log: each user's settings, one-click unsubscribe, the outbox of mail that must go
 * once, the daily/weekly scheduler and event reminders.
 */
@Module({
  imports: [AccountSetupModule, LogsModule, MikroOrmModule.forFeature([...NOTIFICATION_ENTITIES])],
  providers: [NotificationSettingsService, Unsubscribe, MailOutbox, ReminderScheduler, EventReminders],
  exports: [NotificationSettingsService, Unsubscribe, MailOutbox, ReminderScheduler, EventReminders],
})
export class NotificationsModule {}

/** For the worker: composes the reminder mails. */
@Module({
  imports: [NotificationsModule, LogsModule, TrackersModule, MailModule],
  providers: [ReminderMailComposers],
})
export class NotificationMailModule {}
