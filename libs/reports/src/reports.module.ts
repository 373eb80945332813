import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AccountSetupModule } from '@tally/auth';
import { NotificationsModule } from '@tally/notifications';
import { ReportAssembler } from './report-assembler.service';
import { MonthlyStatsService } from './monthly-stats.service';
import { ReportScheduler } from './report-scheduler.service';
import { ReportSettingsService } from './report-settings.service';
import { REPORT_ENTITIES } from './reports.entities';

/**
 * Monthly reports: each user's settings, the history of months (MonthlyStats, computed set-based),
 * the report document of a month, and the schedule that mails it on the 1st.
 */
@Module({
  imports: [AccountSetupModule, NotificationsModule, MikroOrmModule.forFeature([...REPORT_ENTITIES])],
  providers: [ReportSettingsService, ReportAssembler, MonthlyStatsService, ReportScheduler],
  exports: [ReportSettingsService, ReportAssembler, MonthlyStatsService, ReportScheduler],
})
export class ReportsModule {}
