import { NotificationSetting } from './notification-setting.entity';

/** The tables the notifications lib owns. */
export const NOTIFICATION_ENTITIES = [NotificationSetting];
