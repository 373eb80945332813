import KeyvRedis from '@keyv/redis';
import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { Keyv } from 'keyv';
import { APP_CONFIG, AppConfig } from '../config';
import { UserCache } from './user-cache.service';

/** cache-manager on a Redis (Keyv) store shared by every api process. */
@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        stores: [
          new Keyv({
            store: new KeyvRedis(config.redis.url, { throwOnConnectError: false }),
            namespace: 'tally-cache',
            useKeyPrefix: false,
          }),
        ],
        ttl: config.cache.ttlSeconds * 1000,
      }),
    }),
  ],
  providers: [UserCache],
  exports: [UserCache, NestCacheModule],
})
export class CacheModule {}
