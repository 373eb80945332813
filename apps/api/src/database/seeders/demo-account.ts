import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountSetupModule } from '@tally/auth';
import { LogsModule } from '@tally/logs';
import { NotificationsModule } from '@tally/notifications';
import {
  AppConfig,
  CacheModule,
  ConfigModule,
  DatabaseModule,
  PaginationModule,
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { ReportsModule } from '@tally/reports';
import { ENTITIES } from '../entities';
import { DemoSeeder } from './demo.seeder';

/** What seeding needs: the database, the cache a write bumps, and the libs whose rows a new account gets. */
@Module({})
class DemoSeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoSeedModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        CacheModule,
        PaginationModule,
        QueueModule,
        AccountSetupModule,
        NotificationsModule,
        ReportsModule,
        LogsModule,
      ],
      providers: [DemoSeeder],
    };
  }
}

/** Seeds the demo account only into an empty database, so a real installation is never touched. */
export async function seedDemoAccount(config: AppConfig): Promise<{ created: boolean; demoAvailable: boolean }> {
  const app = await NestFactory.createApplicationContext(DemoSeedModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    return await app.get(DemoSeeder).seedIfEmpty(config.auth.bcryptCost);
  } finally {
    await app.close();
  }
}
