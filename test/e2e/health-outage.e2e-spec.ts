import { TcpProxy } from '../support/tcp-proxy';
import { json, startApi, RunningApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

/** Redis reached through a proxy we can cut: the shared Redis stays up for everyone else. */
describe('GET /api/v1/health when Redis goes away', () => {
  const proxy = new TcpProxy('127.0.0.1', 6379);
  let api: RunningApp;

  beforeAll(async () => {
    const port = await proxy.start();
    const base = testConfig();
    const db = new URL(base.redis.url).pathname;
    api = await startApi({ ...base, redis: { ...base.redis, url: `redis://127.0.0.1:${port}${db}` } });
  });
  afterAll(async () => {
    await api?.close();
    await proxy.cut();
  });

  const health = async () => {
    const res = await api.request('/api/v1/health');
    return { status: res.status, body: await json(res) };
  };

  it('is 200 while MySQL and Redis answer', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'up', redis: 'up' } } });
  });

  it('is 503 naming Redis while Redis is unreachable, within the check timeout', async () => {
    await proxy.cut();
    const started = Date.now();
    const { status, body } = await health();
    const elapsed = Date.now() - started;
    console.log(`health answered ${status} in ${elapsed} ms with Redis unreachable`);
    expect(status).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(body.message).toMatch(/redis/);
    expect(body.details).toEqual([expect.objectContaining({ field: 'redis' })]);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('recovers by itself once Redis is back', async () => {
    await proxy.restore();
    let last = 0;
    for (let attempt = 0; attempt < 40 && last !== 200; attempt++) {
      last = (await health()).status;
      if (last !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(last).toBe(200);
  });
});
