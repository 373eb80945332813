import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountSetup } from '@tally/auth';
import { UserCache } from '@tally/platform';
import { NotificationSetting, ReminderFrequency } from './notification-setting.entity';

export interface NotificationSettings {
  frequency: ReminderFrequency;
  time: string;
  weekday: number;
}

/** When a user wants to be reminded to log. A user without a row has the defaults. */
@Injectable()
export class NotificationSettingsService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly userCache: UserCache,
    private readonly accountSetup: AccountSetup,
  ) {}

  /** Every new account starts with the default settings row. */
  onModuleInit(): void {
    this.accountSetup.add((em, user) => em.create(NotificationSetting, { user }));
  }

  async get(userId: number): Promise<NotificationSetting> {
    return (
      (await this.em.findOne(NotificationSetting, { user: userId })) ??
      this.em.create(NotificationSetting, { user: userId }, { persist: false })
    );
  }

  async update(userId: number, settings: NotificationSettings): Promise<NotificationSetting> {
    // One INSERT … ON DUPLICATE KEY UPDATE: users made without settings rows (seeds, older installs) got two
    // rows inserted by two saves at once, and the loser's unique-key violation answered a plain PUT with 409.
    const row = await this.em.upsert(NotificationSetting, { user: userId, ...settings });
    await this.userCache.bump(userId);
    return row;
  }
}
