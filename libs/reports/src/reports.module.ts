import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AccountSetupModule } from '@tally/auth';
import { ReportAssembler } from './report-assembler.service';
import { MonthlyStatsService } from './monthly-stats.service';
import { ReportSettingsService } from './report-settings.service';
import { REPORT_ENTITIES } from './reports.entities';

/** Monthly reports: each user's settings and the history of months (reports arrive with the worker). */
@Module({
  imports: [AccountSetupModule, MikroOrmModule.forFeature([...REPORT_ENTITIES])],
  providers: [ReportSettingsService, ReportAssembler, MonthlyStatsService],
  exports: [ReportSettingsService, ReportAssembler, MonthlyStatsService],
})
export class ReportsModule {}
