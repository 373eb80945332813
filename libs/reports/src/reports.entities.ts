import { MonthlyStats } from './monthly-stats.entity';
import { ReportSetting } from './report-setting.entity';

/** The tables the reports lib owns. */
export const REPORT_ENTITIES = [ReportSetting, MonthlyStats];
