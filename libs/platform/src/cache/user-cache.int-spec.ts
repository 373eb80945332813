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
});
