import { MailOutboxEntry } from './mail-outbox.entity';
import { NotificationSetting } from './notification-setting.entity';

/** The tables the notifications lib owns: reminder settings and the outbox of once-only mail. */
export const NOTIFICATION_ENTITIES = [NotificationSetting, MailOutboxEntry];
