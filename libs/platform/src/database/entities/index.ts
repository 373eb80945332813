import { ApiToken } from './api-token.entity';
import { LoginEvent } from './login-event.entity';
import { Log } from './log.entity';
import { LogRollup } from './log-rollup.entity';
import { MonthlyStats } from './monthly-stats.entity';
import { NotificationSetting } from './notification-setting.entity';
import { OneTimeToken } from './one-time-token.entity';
import { RecoveryCode } from './recovery-code.entity';
import { ReportSetting } from './report-setting.entity';
import { Session } from './session.entity';
import { Tracker } from './tracker.entity';
import { User } from './user.entity';

export * from './enums';
export * from './base.entity';
export * from './user.entity';
export * from './user.repository';
export * from './login-event.entity';
export * from './session.entity';
export * from './api-token.entity';
export * from './one-time-token.entity';
export * from './recovery-code.entity';
export * from './tracker.entity';
export * from './tracker.repository';
export * from './log.entity';
export * from './log.repository';
export * from './log-rollup.entity';
export * from './log-rollup.repository';
export * from './rollup-slots';
export * from './notification-setting.entity';
export * from './report-setting.entity';
export * from './monthly-stats.entity';

/** Every entity of the data model (product.md §1), registered explicitly: no path globbing. */
export const ENTITIES = [
  User,
  LoginEvent,
  Session,
  ApiToken,
  OneTimeToken,
  RecoveryCode,
  Tracker,
  Log,
  LogRollup,
  NotificationSetting,
  ReportSetting,
  MonthlyStats,
];
