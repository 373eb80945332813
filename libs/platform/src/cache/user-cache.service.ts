import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { APP_CONFIG, AppConfig } from '../config';
import { RedisClient } from '../redis';

const versionKey = (userId: number) => `tally:cache-version:${userId}`;

/**
 * Per-user read cache. Every key holds the user id and that user's cache version; any write bumps
 * the version, so the next read misses and old entries simply expire. Never URL-keyed: one user's
 * response can never be served to another.
 */
@Injectable()
export class UserCache {
  private readonly ttlMs: number;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.cache.ttlSeconds * 1000;
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
    const key = versionKey(userId);
    await this.redis.multi().set(key, String(Date.now()), 'NX').incr(key).exec();
  }

  key(userId: number, version: string, parts: ReadonlyArray<string | number>): string {
    return `u:${userId}:v${version}:${parts.join(':')}`;
  }

  /** Returns the cached value for `parts`, computing and storing it on a miss. */
  async getOrLoad<T>(userId: number, parts: ReadonlyArray<string | number>, load: () => Promise<T>): Promise<T> {
    const key = this.key(userId, await this.version(userId), parts);
    const hit = await this.cache.get<T>(key);
    if (hit !== undefined && hit !== null) return hit;
    const value = await load();
    await this.cache.set(key, value, this.ttlMs);
    return value;
  }
}
