import { Entity, Enum, OneToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '@tally/auth';

export enum ReminderFrequency {
  Daily = 'daily',
  Weekly = 'weekly',
  Off = 'off',
}

/** When to remind a user who has not logged (one row per user). */
@Entity({ tableName: 'notification_settings' })
export class NotificationSetting {
  [OptionalProps]?: 'frequency' | 'time' | 'weekday' | 'eventReminders';

  @PrimaryKey({ type: 'integer', unsigned: true, autoincrement: true })
  id!: number;

  @OneToOne(() => User, { owner: true, deleteRule: 'cascade', unique: true })
  user!: User;

  @Enum({ items: () => ReminderFrequency })
  frequency: ReminderFrequency = ReminderFrequency.Daily;

  /** `HH:mm` in the user's time zone. */
  @Property({ type: 'string', length: 5, columnType: 'char(5)' })
  time: string = '20:00';

  /** 0 = Sunday … 6 = Saturday; used by weekly reminders. */
  @Property({ type: 'tinyint', unsigned: true })
  weekday: number = 0;

  /** Whether the reminders set on logs are emailed (one-click unsubscribe turns this off). */
  @Property({ type: 'boolean' })
  eventReminders: boolean = true;
}
