import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@tally/auth';
import {
  AppConfig,
  CacheModule,
  ConfigModule,
  createValidationPipe,
  DatabaseModule,
  HttpErrorFilter,
  LoggingModule,
  PaginationModule,
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { AuthApiModule } from './auth/auth-api.module';
import { ENTITIES } from './database/entities';
import { DataApiModule } from './data/data-api.module';
import { HealthApiModule } from './health/health-api.module';
import { MeApiModule } from './me/me-api.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { TokensApiModule } from './tokens/tokens-api.module';
import { LogsApiModule } from './logs/logs-api.module';
import { TrackersApiModule } from './trackers/trackers-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { AdminApiModule } from './admin/admin-api.module';

/** The API's composition root: platform modules, then one module per domain. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        CacheModule,
        PaginationModule,
        QueueModule,
        HealthApiModule,
        AuthModule,
        AuthApiModule,
        MeApiModule,
        NotificationsApiModule,
        TokensApiModule,
        TrackersApiModule,
        LogsApiModule,
        DataApiModule,
        ReportsApiModule,
        AdminApiModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
