import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { APP_CONFIG, AppConfig } from '../config';
import { Metrics } from '../metrics/metrics.service';
import { RedisClient } from '../redis';

const versionKey = (userId: number) => `tally:cache-version:${userId}`;

/** A missing version starts from the clock (ARGV[1]); then +1. One command, not MULTI/SET/INCR/EXEC. */
const BUMP_VERSION = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('INCR', KEYS[1])`;

type RedisWithBump = RedisClient & { tallyBumpVersion: (key: string, now: string) => Promise<number> };

/**
 * JSON text as UTF-8 bytes, typed by the value it encodes: a cached response body, sent as it is.
 * Bytes, not a string: a string body is encoded and copied into a new Buffer on every response.
 */
export type Json<T> = Buffer & { readonly __encodes?: T };

/**
 * Per-user read cache. Every key holds the user id and that user's cache version; any write bumps
 * the version, so the next read misses and old entries simply expire. Never URL-keyed: one user's
 * response can never be served to another.
 *
 * Entries are JSON: a hit is sent as the response body without being parsed and serialized
 * again. cache-manager reads this process's memory first, then Redis (CacheModule); an entry found
 * in Redis is copied to memory, so the next hit in this process costs no Redis round trip beyond
 * the version.
 */
@Injectable()
export class UserCache {
  private readonly ttlMs: number;
  /** The in-process tier, when there are two (CacheModule). */
  private readonly local?: Cache['stores'][number];

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.ttlMs = config.cache.ttlSeconds * 1000;
    if (!('tallyBumpVersion' in redis)) redis.defineCommand('tallyBumpVersion', { numberOfKeys: 1, lua: BUMP_VERSION });
    this.local = cache.stores.length > 1 ? cache.stores[0] : undefined;
  }

  /**
   * The user's current version. A missing version starts from the clock, not from 0, so a version
   * lost to eviction can never collide with entries written under an earlier one.
   */
  async version(userId: number): Promise<string> {
    const key = versionKey(userId);
    const current = await this.redis.get(key);
    if (current) return current;
    await this.redis.set(key, String(Date.now()), 'NX');
    return (await this.redis.get(key)) ?? '0';
  }

  /** Invalidates everything cached for the user. Call after every write. */
  async bump(userId: number): Promise<void> {
    await (this.redis as RedisWithBump).tallyBumpVersion(versionKey(userId), String(Date.now()));
  }

  key(userId: number, version: string, parts: ReadonlyArray<string | number>): string {
    return `u:${userId}:v${version}:${parts.join(':')}`;
  }

  /**
   * The cached JSON for `parts`, computing and storing it on a miss. The in-process tier holds the
   * bytes; Redis holds the text (CacheModule), and a hit there is kept in this process as bytes.
   */
  async getOrLoadJson<T>(
    userId: number,
    parts: ReadonlyArray<string | number>,
    load: () => Promise<T>,
  ): Promise<Json<T>> {
    const key = this.key(userId, await this.version(userId), parts);
    const hit = await this.cache.get<unknown>(key);
    if (Buffer.isBuffer(hit)) {
      this.metrics?.cacheReads.inc({ result: 'local' });
      return hit;
    }
    if (typeof hit === 'string') {
      this.metrics?.cacheReads.inc({ result: 'redis' });
      const bytes = Buffer.from(hit);
      await this.local?.set(key, bytes, this.ttlMs);
      return bytes;
    }
    this.metrics?.cacheReads.inc({ result: 'miss' });
    const bytes = Buffer.from(JSON.stringify(await load()));
    await this.cache.set(key, bytes, this.ttlMs);
    return bytes;
  }

  /** The same, parsed: what a hit would give, so a miss and a hit answer alike. */
  async getOrLoad<T>(userId: number, parts: ReadonlyArray<string | number>, load: () => Promise<T>): Promise<T> {
    return JSON.parse((await this.getOrLoadJson(userId, parts, load)).toString()) as T;
  }
}
