import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { APP_CONFIG, AppConfig } from '../config';
import { RedisClient } from '../redis';

const versionKey = (userId: number) => `tally:cache-version:${userId}`;
/** How many writes of the user have started and not yet bumped the version (R10). */
const pendingKey = (userId: number) => `tally:cache-pending:${userId}`;
/**
 * A pending mark outlives any ordinary write; a write whose closing bump failed (Redis went away)
 * leaves its mark behind, and the user's reads skip the cache until the mark expires.
 */
export const PENDING_WRITE_SECONDS = 120;

/** The version (a missing one starts from the clock, ARGV[1]) and the writes still pending. One round trip. */
const READ_VERSION = `local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'NX')
  v = redis.call('GET', KEYS[1])
end
return {v, redis.call('GET', KEYS[2]) or '0'}`;

/** Before a write: a new version (nothing cached so far is read again) and one more pending write. */
const BEGIN_WRITE = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
redis.call('INCR', KEYS[1])
local pending = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return pending`;

/** After it: a new version again, and one pending write fewer. */
const END_WRITE = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
local version = redis.call('INCR', KEYS[1])
local pending = tonumber(redis.call('GET', KEYS[2]) or '0')
if pending > 1 then redis.call('DECR', KEYS[2]) else redis.call('DEL', KEYS[2]) end
return version`;

/** A missing version starts from the clock (ARGV[1]); then +1. One command, not MULTI/SET/INCR/EXEC. */
const BUMP_VERSION = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('INCR', KEYS[1])`;

type RedisWithScripts = RedisClient & {
  tallyBumpVersion: (key: string, now: string) => Promise<number>;
  tallyReadVersion: (version: string, pending: string, now: string) => Promise<[string, string]>;
  tallyBeginWrite: (version: string, pending: string, now: string, ttl: number) => Promise<number>;
  tallyEndWrite: (version: string, pending: string, now: string) => Promise<number>;
};

/** At most `limit` entries of `group` (e.g. statistics with any range) per user and version. */
export interface EntryBound {
  group: string;
  limit: number;
}

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
  private readonly logger = new Logger(UserCache.name);
  private readonly ttlMs: number;
  /** The in-process tier, when there are two (CacheModule). */
  private readonly local?: Cache['stores'][number];

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.cache.ttlSeconds * 1000;
    if (!('tallyBumpVersion' in redis)) {
      redis.defineCommand('tallyBumpVersion', { numberOfKeys: 1, lua: BUMP_VERSION });
      redis.defineCommand('tallyReadVersion', { numberOfKeys: 2, lua: READ_VERSION });
      redis.defineCommand('tallyBeginWrite', { numberOfKeys: 2, lua: BEGIN_WRITE });
      redis.defineCommand('tallyEndWrite', { numberOfKeys: 2, lua: END_WRITE });
    }
    this.local = cache.stores.length > 1 ? cache.stores[0] : undefined;
  }

  /**
   * The user's current version, and whether a write of theirs is pending (then nothing may be read
   * from or stored in the cache). A missing version starts from the clock, not from 0, so a version
   * lost to eviction or a Redis restart can never collide with entries written under an earlier one.
   * Throws when Redis cannot answer (the filter says 503).
   */
  async version(userId: number): Promise<string> {
    return (await this.state(userId)).version;
  }

  private async state(userId: number): Promise<{ version: string; pending: boolean }> {
    const [version, pending] = await this.scripts.tallyReadVersion(
      versionKey(userId),
      pendingKey(userId),
      String(Date.now()),
    );
    return { version, pending: Number(pending) > 0 };
  }

  /** Invalidates everything cached for the user. */
  async bump(userId: number): Promise<void> {
    await this.scripts.tallyBumpVersion(versionKey(userId), String(Date.now()));
  }

  /**
   * Runs a write of the user's data so that no cached read can outlive it (quality.md R10):
   *  1. before: a new version and a "pending" mark, in one script. If Redis cannot take them the
   *     write is refused (503) before anything reaches MySQL;
   *  2. the write; while it is pending the user's reads go to MySQL and are not cached, so a read
   *     racing the commit cannot store the old state under a version that stays current;
   *  3. after: a new version again and the mark taken off. If Redis went away in between, the write
   *     has committed and is answered as such; its mark stays, so the user's reads skip the cache
   *     (up to PENDING_WRITE_SECONDS) instead of serving what was cached before the write.
   */
  async write<T>(userId: number, work: () => Promise<T>): Promise<T> {
    const now = String(Date.now());
    await this.scripts.tallyBeginWrite(versionKey(userId), pendingKey(userId), now, PENDING_WRITE_SECONDS);
    try {
      return await work();
    } finally {
      await this.scripts.tallyEndWrite(versionKey(userId), pendingKey(userId), String(Date.now())).catch((error) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(
          `Could not close the cache write of user ${userId} (${reason}); their reads skip the cache for up to ${PENDING_WRITE_SECONDS} s`,
        );
      });
    }
  }

  private get scripts(): RedisWithScripts {
    return this.redis as RedisWithScripts;
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
    bound?: EntryBound,
  ): Promise<Json<T>> {
    const { version, pending } = await this.state(userId);
    // A write is under way (or its closing bump failed): read MySQL, and cache nothing.
    if (pending) return Buffer.from(JSON.stringify(await load()));
    const key = this.key(userId, version, parts);
    const hit = await this.cache.get<unknown>(key);
    if (Buffer.isBuffer(hit)) return hit;
    if (typeof hit === 'string') {
      const bytes = Buffer.from(hit);
      await this.local?.set(key, bytes, this.ttlMs);
      return bytes;
    }
    const bytes = Buffer.from(JSON.stringify(await load()));
    if (bound && !(await this.roomFor(userId, version, bound))) return bytes;
    await this.cache.set(key, bytes, this.ttlMs);
    return bytes;
  }

  /**
   * Whether the user may store one more entry of the group under this version: a counter per user,
   * version and group, living as long as the entries. Past the limit answers are computed, not
   * stored, so no query parameter lets one user fill Redis or push others out of memory.
   */
  private async roomFor(userId: number, version: string, bound: EntryBound): Promise<boolean> {
    const counter = `tally:cache-entries:${userId}:${version}:${bound.group}`;
    const [[, count]] = (await this.redis
      .multi()
      .incr(counter)
      .expire(counter, Math.ceil(this.ttlMs / 1000))
      .exec()) as [[Error | null, number], [Error | null, number]];
    return count <= bound.limit;
  }

  /** The same, parsed: what a hit would give, so a miss and a hit answer alike. */
  async getOrLoad<T>(userId: number, parts: ReadonlyArray<string | number>, load: () => Promise<T>): Promise<T> {
    return JSON.parse((await this.getOrLoadJson(userId, parts, load)).toString()) as T;
  }
}
