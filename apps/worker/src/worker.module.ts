import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AUTH_ENTITIES, AuthMailModule } from '@tally/auth';
import { LOG_ENTITIES } from '@tally/logs';
import { NOTIFICATION_ENTITIES } from '@tally/notifications';
import { REPORT_ENTITIES } from '@tally/reports';
import { TRACKER_ENTITIES } from '@tally/trackers';
import {
  AppConfig,
  ConfigModule,
  DatabaseModule,
  HealthModule,
  HttpErrorFilter,
  LoggingModule,
  MailModule,
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { WorkerHealthController } from './health/worker-health.controller';
import { checkJobHandlers } from './processors/job-handlers';
import { MailProcessor } from './processors/mail.processor';
import { SystemProcessor } from './processors/system.processor';

/** Every processor of the worker; each declared job must have its handler in one of them. */
export const PROCESSORS = [SystemProcessor, MailProcessor];

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
        QueueModule,
        HealthModule,
        MailModule,
        AuthMailModule,
      ],
      controllers: [WorkerHealthController],
      providers: [...processors, { provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
