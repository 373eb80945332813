import { Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';

/** How long boot waits for the first connection before going on without it (requests then get 503). */
const FIRST_CONNECT_WAIT_MS = 3_000;

/**
 * The shared ioredis client for everything that is not Bull or the cache store: cache versions,
 * throttling, health. Every command fails fast while Redis is away (quality.md R10): no offline
 * queue (a command sent while disconnected fails at once), one retry at most, and a command that
 * gets no answer fails after REDIS_COMMAND_TIMEOUT_MS. The error filter answers such failures 503.
 */
@Injectable()
export class RedisClient extends Redis implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.redis.url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: config.redis.commandTimeoutMs,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      lazyConnect: false,
      // Commands issued in the same tick (one per concurrent request) go out in one write.
      enableAutoPipelining: true,
    });
    // Errors surface on the commands that fail; without a listener ioredis would print each retry.
    this.on('error', () => undefined);
  }

  /** Without an offline queue, commands before the first connection would fail: wait for it (bounded). */
  async onModuleInit(): Promise<void> {
    if (this.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.once('ready', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.quit().catch(() => this.disconnect());
  }
}

/**
 * Whether an error means Redis could not be reached or did not answer in time (as opposed to a bug):
 * ioredis's "Connection is closed", "Stream isn't writeable", "Command timed out", the retries
 * running out, or a Redis still loading its data. (Socket error codes are mapped by the filter.)
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return /^(Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request limit|LOADING )/.test(
    error.message,
  );
}

@Global()
@Module({ providers: [RedisClient], exports: [RedisClient] })
export class RedisModule {}
