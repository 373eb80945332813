import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { JobQueue } from './job-queue.service';
import { CAPPED_BACKOFF, cappedBackoff, QUEUE_NAMES } from './queue.definitions';

/** Bull on Redis with every declared queue registered; both apps import it. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        redis: config.redis.url,
        prefix: 'tally',
        // A job whose worker died mid-run is taken up again once, then counts as failed (R5).
        settings: {
          stalledInterval: 30_000,
          maxStalledCount: 1,
          backoffStrategies: { [CAPPED_BACKOFF]: cappedBackoff },
        },
      }),
    }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [JobQueue],
  exports: [BullModule, JobQueue],
})
export class QueueModule {}
