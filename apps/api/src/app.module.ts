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
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { AuthApiModule } from './auth/auth-api.module';
import { HealthModule } from './health/health.module';
import { MeApiModule } from './me/me-api.module';
import { TokensApiModule } from './tokens/tokens-api.module';

/** The API's composition root: platform modules, then one module per domain. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        CacheModule,
        QueueModule,
        HealthModule,
        AuthModule,
        AuthApiModule,
        MeApiModule,
        TokensApiModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
