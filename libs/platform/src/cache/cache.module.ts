import KeyvRedis from '@keyv/redis';
import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { Deserialize, DeserializedData, Keyv, Serialize } from 'keyv';
import { APP_CONFIG, AppConfig } from '../config';
import { BoundedMap } from './bounded-map';
import { UserCache } from './user-cache.service';

/** Entries the in-process tier holds at most; the oldest goes first. */
export const LOCAL_CACHE_ENTRIES = 2_000;

/** JSON.parse without a reviver. */
const plainJsonDeserialize: Deserialize = <Value>(text: string) => JSON.parse(text) as DeserializedData<Value>;

/** Plain JSON; a Buffer value (UserCache's JSON bytes) is stored as its UTF-8 text. */
const plainJsonSerialize: Serialize = ({ value, expires }) =>
  JSON.stringify({ value: Buffer.isBuffer(value) ? value.toString('utf8') : value, expires });

/**
 * cache-manager with two tiers: this process's memory, then a Redis (Keyv) store shared by every
 * api process. Both are safe to read without asking the other: every key holds the user's cache
 * version, which UserCache reads from Redis on every request, so a write in any process moves all
 * of them to new keys at once and an entry, in either tier, never changes once written.
 *
 * Redis entries are plain JSON: Keyv's default serializer parses with a reviver (for Buffers),
 * which cost more than the rest of a cached read (quality.md P1); nothing cached here is binary.
 */
@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        stores: [
          new Keyv({
            store: new BoundedMap(LOCAL_CACHE_ENTRIES),
            namespace: 'tally-cache-local',
            serialize: undefined,
            deserialize: undefined,
          }),
          new Keyv({
            store: new KeyvRedis(config.cache.redisUrl, { throwOnConnectError: false }),
            // A new namespace for the new entry format, so entries written the old way are never read.
            namespace: 'tally-cache-json',
            useKeyPrefix: false,
            serialize: plainJsonSerialize,
            deserialize: plainJsonDeserialize,
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
