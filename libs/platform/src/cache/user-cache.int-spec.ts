import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { testConfig } from '../../../../test/support/test-config';
import { ConfigModule } from '../config';
import { Metrics, MetricsModule } from '../metrics';
import { RedisClient, RedisModule } from '../redis';
import { CacheModule } from './cache.module';
import { UserCache } from './user-cache.service';

describe('UserCache against a real Redis', () => {
  let cache: UserCache;
  let redis: RedisClient;
  let close: () => Promise<void>;
  const alice = 900_001;
  const bob = 900_002;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(testConfig()), RedisModule, CacheModule],
    }).compile();
    const app = await moduleRef.init();
    cache = app.get(UserCache);
    redis = app.get(RedisClient);
    close = () => app.close();
    await redis.del(`tally:cache-version:${alice}`, `tally:cache-version:${bob}`);
  });
  afterAll(() => close());

  it('starts a missing version from the clock, so a lost version never reuses old keys', async () => {
    const before = Date.now();
    expect(Number(await cache.version(alice))).toBeGreaterThanOrEqual(before);
  });

  it('keys always hold the user id and version', async () => {
    const version = await cache.version(alice);
    expect(cache.key(alice, version, ['trackers'])).toBe(`u:${alice}:v${version}:trackers`);
  });

  it('serves a cached value until the user writes, then loads afresh', async () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.getOrLoad(alice, ['trackers'], load)).toEqual({ n: 1 });
    expect(await cache.getOrLoad(alice, ['trackers'], load)).toEqual({ n: 1 });
    await cache.bump(alice);
    expect(await cache.getOrLoad(alice, ['trackers'], load)).toEqual({ n: 2 });
  });

  it("never serves one user's entry to another", async () => {
    await cache.getOrLoad(alice, ['list'], async () => 'alice data');
    expect(await cache.getOrLoad(bob, ['list'], async () => 'bob data')).toBe('bob data');
  });

  it("a write by one user leaves the other's cache alone", async () => {
    let bobLoads = 0;
    await cache.getOrLoad(bob, ['stats'], async () => ++bobLoads);
    await cache.bump(alice);
    expect(await cache.getOrLoad(bob, ['stats'], async () => ++bobLoads)).toBe(1);
  });

  describe('writes (R10)', () => {
    const carol = 900_003;
    const pending = `tally:cache-pending:${carol}`;
    beforeEach(() => redis.del(`tally:cache-version:${carol}`, pending));

    it('while a write is pending, reads go to the loader and store nothing', async () => {
      let loads = 0;
      const load = async () => ++loads;
      await cache.write(carol, async () => {
        expect(await cache.getOrLoad(carol, ['x'], load)).toBe(1);
        expect(await cache.getOrLoad(carol, ['x'], load)).toBe(2);
      });
      expect(await redis.get(pending)).toBeNull();
      expect(await cache.getOrLoad(carol, ['x'], load)).toBe(3);
      expect(await cache.getOrLoad(carol, ['x'], load)).toBe(3);
    });

    it('a write whose closing bump fails leaves its mark: no read is served from before it', async () => {
      let loads = 0;
      const load = async () => ++loads;
      expect(await cache.getOrLoad(carol, ['y'], load)).toBe(1); // cached
      const scripts = redis as unknown as { tallyEndWrite: (...args: unknown[]) => Promise<number> };
      const endWrite = scripts.tallyEndWrite;
      scripts.tallyEndWrite = () => Promise.reject(new Error('Connection is closed.'));
      try {
        expect(await cache.write(carol, async () => 'committed')).toBe('committed');
      } finally {
        scripts.tallyEndWrite = endWrite;
      }
      expect(Number(await redis.get(pending))).toBe(1);
      expect(await redis.ttl(pending)).toBeGreaterThan(0);
      expect(await cache.getOrLoad(carol, ['y'], load)).toBe(2);
      expect(await cache.getOrLoad(carol, ['y'], load)).toBe(3);
    });

    it('refuses the write when Redis cannot take the mark, before running it', async () => {
      const scripts = redis as unknown as { tallyBeginWrite: (...args: unknown[]) => Promise<number> };
      const beginWrite = scripts.tallyBeginWrite;
      scripts.tallyBeginWrite = () => Promise.reject(new Error("Stream isn't writeable"));
      let ran = false;
      try {
        await expect(cache.write(carol, async () => (ran = true))).rejects.toThrow(/writeable/);
      } finally {
        scripts.tallyBeginWrite = beginWrite;
      }
      expect(ran).toBe(false);
    });

    it('stores at most `limit` entries of a bounded group per version', async () => {
      let loads = 0;
      const bound = { group: 'stats', limit: 2 };
      for (const part of ['a', 'b', 'c']) await cache.getOrLoadJson(carol, ['stats', part], async () => ++loads, bound);
      expect(loads).toBe(3);
      await cache.getOrLoadJson(carol, ['stats', 'a'], async () => ++loads, bound);
      await cache.getOrLoadJson(carol, ['stats', 'c'], async () => ++loads, bound);
      expect(loads).toBe(4); // a was stored, c was not
    });
  });
});

describe('UserCache with CACHE_REDIS_URL apart from REDIS_URL', () => {
  it('stores entries in the cache Redis, keeps versions on the queue Redis, and counts hits and misses', async () => {
    const base = testConfig();
    const queueUrl = new URL(base.redis.url);
    // Another db index of the same server stands in for the second Redis (16 dbs; wrap within them).
    const cacheUrl = new URL(base.redis.url);
    cacheUrl.pathname = `/${(Number(queueUrl.pathname.slice(1)) + 8) % 16}`;
    const config = { ...base, cache: { ...base.cache, redisUrl: cacheUrl.toString() } };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), RedisModule, CacheModule, MetricsModule],
    }).compile();
    const app = await moduleRef.init();
    const cacheRedis = new Redis(cacheUrl.toString());
    try {
      const cache = app.get(UserCache);
      const queueRedis = app.get(RedisClient);
      const metrics = app.get(Metrics);
      const user = 900_003;
      await queueRedis.del(`tally:cache-version:${user}`);
      const version = await cache.version(user);
      await cache.getOrLoad(user, ['split'], async () => ({ from: 'load' }));
      // Keyv's Redis store prefixes its namespace (CacheModule).
      const key = `tally-cache-json::${cache.key(user, version, ['split'])}`;

      const stored = JSON.parse((await cacheRedis.get(key)) ?? 'null') as { value: string } | null;
      expect(JSON.parse(stored?.value ?? 'null')).toEqual({ from: 'load' });
      expect(await queueRedis.get(key)).toBeNull();
      expect(await queueRedis.get(`tally:cache-version:${user}`)).toBe(version);
      expect(await cacheRedis.get(`tally:cache-version:${user}`)).toBeNull();

      await cache.getOrLoad(user, ['split'], async () => ({ from: 'second load' }));
      const reads = await metrics.cacheReads.get();
      const count = (result: string) => reads.values.find((v) => v.labels.result === result)?.value;
      expect(count('miss')).toBe(1);
      expect(count('local')).toBe(1);
      expect(count('redis')).toBe(0);
      await cacheRedis.del(key);
    } finally {
      cacheRedis.disconnect();
      await app.close();
    }
  });
});
