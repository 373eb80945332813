import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AccountSetupModule } from '@tally/auth';
import { NotificationsModule } from '@tally/notifications';
import { MailModule } from '@tally/platform';
import { ReportAssembler } from './report-assembler.service';
import { MonthlyStatsService } from './monthly-stats.service';
import { ReportMailComposer } from './report-mail.composer';
import { ReportScheduler } from './report-scheduler.service';
import { ReportRenderingModule } from './rendering';
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

/** For the worker: composes the monthly report mail (rendering it, PDF included). */
@Module({
  imports: [ReportsModule, NotificationsModule, MailModule, ReportRenderingModule],
  providers: [ReportMailComposer],
})
export class ReportMailModule {}
