import { Module } from '@nestjs/common';
import { NotificationsModule } from '@tally/notifications';
import { UnsubscribeController } from './unsubscribe.controller';

@Module({ imports: [NotificationsModule], controllers: [UnsubscribeController] })
export class NotificationsApiModule {}
