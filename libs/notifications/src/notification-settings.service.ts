import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountSetup } from '@tally/auth';
import { UserCache } from '@tally/platform';
import { Unsubscribe } from './unsubscribe.service';
import { NotificationSetting, ReminderFrequency } from './notification-setting.entity';

export interface NotificationSettings {
  frequency: ReminderFrequency;
  time: string;
  weekday: number;
  /** Left out: unchanged. */
  eventReminders?: boolean;
}

/** When a user wants to be reminded to log. A user without a row has the defaults. */
@Injectable()
export class NotificationSettingsService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly userCache: UserCache,
    private readonly accountSetup: AccountSetup,
    private readonly unsubscribe: Unsubscribe,
  ) {}

  onModuleInit(): void {
    // Every new account starts with the default settings row.
    this.accountSetup.add((em, user) => em.create(NotificationSetting, { user }));
    this.unsubscribe.register('reminders', {
      describe: 'daily or weekly reminders',
      apply: async (userId) => void (await this.change(userId, { frequency: ReminderFrequency.Off })),
    });
    this.unsubscribe.register('event-reminders', {
      describe: 'the reminders you set on logs',
      apply: async (userId) => void (await this.change(userId, { eventReminders: false })),
    });
  }

  async get(userId: number): Promise<NotificationSetting> {
    return (
      (await this.em.findOne(NotificationSetting, { user: userId })) ??
      this.em.create(NotificationSetting, { user: userId }, { persist: false })
    );
  }

  update(userId: number, settings: NotificationSettings): Promise<NotificationSetting> {
    return this.change(userId, settings);
  }

  private async change(userId: number, changes: Partial<NotificationSettings>): Promise<NotificationSetting> {
    const fields = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    // One INSERT … ON DUPLICATE KEY UPDATE: users made without settings rows (seeds, older installs) got two
    // rows inserted by two saves at once, and the loser's unique-key violation answered a plain PUT with 409.
    return this.userCache.write(userId, () => this.em.upsert(NotificationSetting, { user: userId, ...fields }));
  }
}
