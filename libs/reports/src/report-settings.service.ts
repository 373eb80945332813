import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountSetup } from '@tally/auth';
import { Unsubscribe } from '@tally/notifications';
import { UserCache } from '@tally/platform';
import { ReportFormat, ReportSetting } from './report-setting.entity';

/** How a user wants their monthly report. A user without a row has the defaults. */
@Injectable()
export class ReportSettingsService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly userCache: UserCache,
    private readonly accountSetup: AccountSetup,
    private readonly unsubscribe: Unsubscribe,
  ) {}

  onModuleInit(): void {
    // Every new account starts with the default settings row.
    this.accountSetup.add((em, user) => em.create(ReportSetting, { user }));
    this.unsubscribe.register('reports', {
      describe: 'monthly reports',
      apply: async (userId) => void (await this.update(userId, ReportFormat.Off)),
    });
  }

  async get(userId: number): Promise<ReportSetting> {
    return (
      (await this.em.findOne(ReportSetting, { user: userId })) ??
      this.em.create(ReportSetting, { user: userId }, { persist: false })
    );
  }

  async update(userId: number, format: ReportFormat): Promise<ReportSetting> {
    // An upsert for the same reason as NotificationSettingsService.update.
    return this.userCache.write(userId, () => this.em.upsert(ReportSetting, { user: userId, format }));
  }
}
