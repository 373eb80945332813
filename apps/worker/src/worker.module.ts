import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AUTH_ENTITIES, AuthMailModule } from '@tally/auth';
import { LOG_ENTITIES } from '@tally/logs';
import { NOTIFICATION_ENTITIES, NotificationMailModule, NotificationsModule } from '@tally/notifications';
import { REPORT_ENTITIES, ReportDeliveryModule, ReportMailModule, ReportsModule } from '@tally/reports';
import { TRACKER_ENTITIES } from '@tally/trackers';
import {
  AppConfig,
  CacheModule,
  ConfigModule,
  DatabaseModule,
  HealthModule,
  HttpErrorFilter,
  LoggingModule,
  MailModule,
  PaginationModule,
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { WorkerHealthController } from './health/worker-health.controller';
import { checkJobHandlers } from './processors/job-handlers';
import { MailProcessor } from './processors/mail.processor';
import { RemindersProcessor } from './processors/reminders.processor';
import { ReportsProcessor } from './processors/reports.processor';
import { ReminderSchedule } from './schedules/reminder.schedule';
import { ReportSchedule } from './schedules/report.schedule';
import { SystemProcessor } from './processors/system.processor';

/** Every processor of the worker; each declared job must have its handler in one of them. */
export const PROCESSORS = [SystemProcessor, MailProcessor, RemindersProcessor, ReportsProcessor];

/** Every table of the schema, gathered from the libs that own them. */
const ENTITIES = [...AUTH_ENTITIES, ...TRACKER_ENTITIES, ...LOG_ENTITIES, ...NOTIFICATION_ENTITIES, ...REPORT_ENTITIES];

export class MissingJobHandlerError extends Error {
  override readonly name = 'MissingJobHandlerError';
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, processors = PROCESSORS): DynamicModule {
    const problems = checkJobHandlers(processors);
    if (problems.length) throw new MissingJobHandlerError(`The worker cannot start: ${problems.join('; ')}`);
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        CacheModule,
        PaginationModule,
        QueueModule,
        HealthModule,
        MailModule,
        AuthMailModule,
        NotificationsModule,
        NotificationMailModule,
        ReportsModule,
        ReportMailModule,
        ReportDeliveryModule,
        // The clock-driven work; without it the schedules exist but only run when called (tests).
        ...(config.worker.schedules ? [ScheduleModule.forRoot()] : []),
      ],
      controllers: [WorkerHealthController],
      providers: [...processors, ReminderSchedule, ReportSchedule, { provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
