import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AccountSetupModule } from '@tally/auth';
import { NotificationSettingsService } from './notification-settings.service';
import { NOTIFICATION_ENTITIES } from './notifications.entities';

/** Reminders to log: each user's settings (the reminders themselves arrive with the worker). */
@Module({
  imports: [AccountSetupModule, MikroOrmModule.forFeature([...NOTIFICATION_ENTITIES])],
  providers: [NotificationSettingsService],
  exports: [NotificationSettingsService],
})
export class NotificationsModule {}
