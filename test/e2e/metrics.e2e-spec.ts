import { JobQueue, MetricsServer } from '@tally/platform';
import { createUserVia, signIn } from '../support/sign-in';
import { freePort, parsePrometheus, samplesOf, valueOf } from '../support/prometheus';
import { RunningApp, startApi, startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * Issue 12 item 4: Prometheus metrics on the api's own port (METRICS_PORT) and on the worker's
 * health server, never on the public port; the series exist after real traffic, with sane values.
 */
describe('metrics (GET /metrics on the api metrics port and the worker)', () => {
  let api: RunningApp;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let metricsUrl: string;

  beforeAll(async () => {
    const metricsPort = await freePort();
    const config = testConfig({ METRICS_PORT: String(metricsPort), HOST: '127.0.0.1' });
    api = await startApi(config);
    worker = await startWorker(config);
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('answers on the api metrics port with HTTP, cache, pool, queue and process series after a few requests', async () => {
    const user = await createUserVia(api);
    const headers = await signIn(api, user);
    for (let i = 0; i < 3; i++) expect((await api.request('/api/v1/trackers', { headers })).status).toBe(200);
    expect((await api.request('/api/v1/trackers/987654321', { headers })).status).toBe(404);
    expect((await api.request('/api/v1/no-such-route-4242')).status).toBe(404);

    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const samples = parsePrometheus(text);
    const print = (name: string) =>
      samplesOf(samples, name)
        .map((s) => `${JSON.stringify(s.labels)} ${s.value}`)
        .join('\n  ');

    // Latency by route template: the list, the template with :id, never the raw id or URL.
    const listCount = valueOf(samples, 'tally_http_request_duration_seconds_count', {
      method: 'GET',
      route: '/api/v1/trackers',
      status_code: '200',
    });
    expect(listCount).toBeGreaterThanOrEqual(3);
    const listSum = valueOf(samples, 'tally_http_request_duration_seconds_sum', {
      route: '/api/v1/trackers',
      status_code: '200',
    })!;
    expect(listSum).toBeGreaterThan(0);
    expect(listSum / listCount!).toBeLessThan(5); // seconds, not ms: a unit slip would show here
    expect(
      valueOf(samples, 'tally_http_request_duration_seconds_count', {
        route: '/api/v1/trackers/:id',
        status_code: '404',
      }),
    ).toBe(1);
    expect(text).not.toContain('987654321');
    expect(text).not.toContain('no-such-route-4242');
    // Buckets are cumulative and end at +Inf with the count.
    expect(
      valueOf(samples, 'tally_http_request_duration_seconds_bucket', {
        route: '/api/v1/trackers',
        status_code: '200',
        le: '+Inf',
      }),
    ).toBe(listCount);

    // The cache: the first list read misses, the next ones hit this process's memory.
    expect(valueOf(samples, 'tally_cache_reads_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'tally_cache_reads_total', { result: 'local' })).toBeGreaterThanOrEqual(2);

    // The knex pool: its size is DB_POOL_MAX; in use never more than that.
    expect(valueOf(samples, 'tally_db_pool_connections', { state: 'max' })).toBe(api.config.database.poolMax);
    const used = valueOf(samples, 'tally_db_pool_connections', { state: 'used' })!;
    expect(used).toBeGreaterThanOrEqual(0);
    expect(used).toBeLessThanOrEqual(api.config.database.poolMax);
    expect(valueOf(samples, 'tally_db_pool_connections', { state: 'free' })).toBeGreaterThanOrEqual(0);

    // Queue depth for every queue; the api never launches Chromium.
    for (const queue of ['system', 'mail', 'reminders', 'reports']) {
      expect(valueOf(samples, 'tally_queue_jobs', { queue, state: 'waiting' })).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(samples, 'tally_chromium_launches_total', { reason: 'first' })).toBe(0);

    // Default Node metrics.
    expect(valueOf(samples, 'tally_process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(samplesOf(samples, 'tally_nodejs_heap_size_used_bytes')).toHaveLength(1);
    process.stdout.write(`api metrics: ${samples.length} samples; pool:\n  ${print('tally_db_pool_connections')}\n`);
  });

  it('records job durations and queue depth on the worker /metrics', async () => {
    const job = await api.app.get(JobQueue).enqueue('system.ping', { sentAt: new Date().toISOString(), holdMs: 50 });
    await job.finished();
    // The completed event reaches the metrics listener right after finished() resolves.
    let samples = parsePrometheus(await (await fetch(`${worker.url}/metrics`)).text());
    for (let i = 0; i < 20 && !valueOf(samples, 'tally_job_duration_seconds_count', { queue: 'system' }); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      samples = parsePrometheus(await (await fetch(`${worker.url}/metrics`)).text());
    }
    const labels = { queue: 'system', name: 'system.ping', outcome: 'completed' };
    expect(valueOf(samples, 'tally_job_duration_seconds_count', labels)).toBeGreaterThanOrEqual(1);
    const seconds = valueOf(samples, 'tally_job_duration_seconds_sum', labels)!;
    expect(seconds).toBeGreaterThanOrEqual(0.05); // it held for 50 ms
    expect(seconds).toBeLessThan(30);
    expect(valueOf(samples, 'tally_queue_jobs', { queue: 'system', state: 'completed' })).toBeGreaterThanOrEqual(1);
    for (const reason of ['first', 'recycle', 'crash']) {
      expect(valueOf(samples, 'tally_chromium_launches_total', { reason })).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(samples, 'tally_process_resident_memory_bytes')).toBeGreaterThan(0);
    // The worker serves no HTTP routes to users: its histogram stays empty.
    expect(samplesOf(samples, 'tally_http_request_duration_seconds_count')).toHaveLength(0);
  });

  it('is not reachable on the public port, and the metrics port serves nothing else', async () => {
    const res = await api.request('/metrics');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('tally_');
    expect((await api.request('/api/v1/metrics')).status).toBe(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/api/v1/health'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
  });

  it('starts no metrics server when METRICS_PORT is 0 (the default)', async () => {
    const other = await startApi(testConfig({ HOST: '127.0.0.1' }));
    try {
      expect(other.config.metrics.port).toBe(0);
      expect(other.app.get(MetricsServer).port).toBeNull();
      expect(api.app.get(MetricsServer).port).toBe(Number(new URL(metricsUrl).port));
    } finally {
      await other.close();
    }
  });
});
