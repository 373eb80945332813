import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { JobQueue } from './job-queue.service';
import { CAPPED_BACKOFF, cappedBackoff, QUEUE_NAMES, queueSettings } from './queue.definitions';

/** A job whose worker died mid-run is taken up again once, then counts as failed (R5). */
const SETTINGS = {
  stalledInterval: 30_000,
  maxStalledCount: 1,
  backoffStrategies: { [CAPPED_BACKOFF]: cappedBackoff },
};

/** Bull on Redis with every declared queue registered; both apps import it. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        redis: config.redis.url,
        prefix: 'tally',
        settings: SETTINGS,
      }),
    }),
    // A queue's own settings replace the shared ones as a whole (@nestjs/bull merges one level), so
    // they are merged here: the reports queue keeps a longer lock (queueSettings).
    BullModule.registerQueueAsync(
      ...QUEUE_NAMES.map((name) => ({
        name,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => ({ settings: { ...SETTINGS, ...queueSettings(name, config) } }),
      })),
    ),
  ],
  providers: [JobQueue],
  exports: [BullModule, JobQueue],
})
export class QueueModule {}
