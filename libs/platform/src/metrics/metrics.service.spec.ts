import { getQueueToken } from '@nestjs/bull';
import type { MikroORM } from '@mikro-orm/core';
import type { ModuleRef } from '@nestjs/core';
import { EventEmitter } from 'node:events';
import { parsePrometheus, valueOf } from '../../../../test/support/prometheus';
import { Metrics } from './metrics.service';

/** A Bull queue as far as Metrics uses it: a name, job counts, local events. */
class FakeQueue extends EventEmitter {
  constructor(
    readonly name: string,
    private readonly counts: Record<string, number>,
  ) {
    super();
  }
  getJobCounts() {
    return Promise.resolve(this.counts);
  }
}

function metricsWith(queues: FakeQueue[], pool?: object) {
  const byToken = new Map(queues.map((q) => [getQueueToken(q.name), q]));
  const moduleRef = {
    get: (token: string) => {
      const queue = byToken.get(token);
      if (!queue) throw new Error(`no ${token}`);
      return queue;
    },
  } as unknown as ModuleRef;
  const orm = pool
    ? ({ em: { getConnection: () => ({ getKnex: () => ({ client: { pool } }) }) } } as unknown as MikroORM)
    : undefined;
  const metrics = new Metrics(moduleRef, orm);
  metrics.onModuleInit();
  return metrics;
}

const scrape = async (metrics: Metrics) => parsePrometheus(await metrics.scrape());

describe('Metrics', () => {
  it('observes HTTP latency by method, route template and status, in seconds', async () => {
    const metrics = metricsWith([]);
    metrics.observeHttp('GET', '/api/v1/trackers/:id', 200, 0.003);
    metrics.observeHttp('GET', '/api/v1/trackers/:id', 200, 0.2);
    const samples = await scrape(metrics);
    const labels = { method: 'GET', route: '/api/v1/trackers/:id', status_code: '200' };
    expect(valueOf(samples, 'tally_http_request_duration_seconds_count', labels)).toBe(2);
    expect(valueOf(samples, 'tally_http_request_duration_seconds_sum', labels)).toBeCloseTo(0.203);
    expect(valueOf(samples, 'tally_http_request_duration_seconds_bucket', { ...labels, le: '0.005' })).toBe(1);
    expect(valueOf(samples, 'tally_http_request_duration_seconds_bucket', { ...labels, le: '0.25' })).toBe(2);
  });

  it('reads queue depth per queue and state when scraped', async () => {
    const metrics = metricsWith([
      new FakeQueue('mail', { waiting: 7, active: 1, delayed: 2, failed: 3, completed: 40 }),
      new FakeQueue('reports', { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 1 }),
    ]);
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'tally_queue_jobs', { queue: 'mail', state: 'waiting' })).toBe(7);
    expect(valueOf(samples, 'tally_queue_jobs', { queue: 'mail', state: 'failed' })).toBe(3);
    expect(valueOf(samples, 'tally_queue_jobs', { queue: 'reports', state: 'completed' })).toBe(1);
  });

  it('records job run time and failures from the queue events', async () => {
    const mail = new FakeQueue('mail', {});
    const metrics = metricsWith([mail]);
    mail.emit('completed', { name: 'mail.send', processedOn: 1_000, finishedOn: 1_250 });
    mail.emit('failed', { name: 'mail.send', processedOn: 2_000, finishedOn: 2_100 }, new Error('SMTP down'));
    mail.emit('failed', { name: 'mail.send', processedOn: 3_000, finishedOn: 3_100 }, new Error('SMTP down'));
    const samples = await scrape(metrics);
    const done = { queue: 'mail', name: 'mail.send', outcome: 'completed' };
    expect(valueOf(samples, 'tally_job_duration_seconds_count', done)).toBe(1);
    expect(valueOf(samples, 'tally_job_duration_seconds_sum', done)).toBeCloseTo(0.25);
    expect(valueOf(samples, 'tally_job_duration_seconds_count', { ...done, outcome: 'failed' })).toBe(2);
    expect(valueOf(samples, 'tally_job_failures_total', { queue: 'mail', name: 'mail.send' })).toBe(2);
  });

  it('reads the knex pool when scraped', async () => {
    const metrics = metricsWith([], {
      numUsed: () => 3,
      numFree: () => 2,
      numPendingAcquires: () => 4,
      numPendingCreates: () => 1,
      max: 10,
    });
    const samples = await scrape(metrics);
    expect(valueOf(samples, 'tally_db_pool_connections', { state: 'used' })).toBe(3);
    expect(valueOf(samples, 'tally_db_pool_connections', { state: 'free' })).toBe(2);
    expect(valueOf(samples, 'tally_db_pool_connections', { state: 'pending_acquires' })).toBe(4);
    expect(valueOf(samples, 'tally_db_pool_connections', { state: 'max' })).toBe(10);
  });

  it('starts every cache result and Chromium launch reason at 0, and keeps each app apart', async () => {
    const a = metricsWith([]);
    const b = metricsWith([]);
    a.cacheReads.inc({ result: 'local' });
    a.chromiumLaunches.inc({ reason: 'crash' });
    const samplesA = await scrape(a);
    const samplesB = await scrape(b);
    expect(valueOf(samplesA, 'tally_cache_reads_total', { result: 'local' })).toBe(1);
    expect(valueOf(samplesA, 'tally_cache_reads_total', { result: 'miss' })).toBe(0);
    expect(valueOf(samplesA, 'tally_chromium_launches_total', { reason: 'crash' })).toBe(1);
    expect(valueOf(samplesB, 'tally_cache_reads_total', { result: 'local' })).toBe(0);
    expect(valueOf(samplesB, 'tally_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
