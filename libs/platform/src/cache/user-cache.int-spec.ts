import { Test } from '@nestjs/testing';
import { testConfig } from '../../../../test/support/test-config';
import { ConfigModule } from '../config';
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
