import { MikroORM } from '@mikro-orm/core';
import { getQueueToken } from '@nestjs/bull';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QUEUE_NAMES } from '../queue/queue.definitions';

/** Prometheus' text format, what GET /metrics answers with. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Why a Chromium was launched: the first PDF, after the old one retired, after one died. */
export type ChromiumLaunchReason = 'first' | 'recycle' | 'crash';

/** Where a cached read was answered from (UserCache). */
export type CacheResult = 'local' | 'redis' | 'miss';

/** Seconds; HTTP answers are mostly sub-millisecond cached reads up to multi-second exports. */
const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; jobs run from a few ms (pings, mail) to tens of seconds (PDFs). */
const JOB_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The knex (tarn) pool behind MikroORM's SQL driver: the numbers we read. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

/**
 * The process's Prometheus metrics, one registry per Nest app (tests run an api and a worker in
 * one process; each scrapes only its own). Libraries increment through this service (PdfRenderer,
 * UserCache); the app that owns the HTTP server records requests (`observeHttp`). Pool, queue
 * depth and default Node metrics are read when scraped. Series names start with `tally_`.
 *
 * Label values are bounded: HTTP routes are Fastify's route templates (never the raw URL), queues
 * and job names come from queue.definitions.ts, reasons and results are fixed enums.
 */
@Injectable()
export class Metrics implements OnModuleInit {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'tally_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'tally_job_duration_seconds',
    help: 'Bull job run time (processing start to finish) by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly jobFailures = new Counter({
    name: 'tally_job_failures_total',
    help: 'Bull job attempts that failed, by queue and job name (retried or final)',
    labelNames: ['queue', 'name'] as const,
    registers: [this.registry],
  });

  readonly chromiumLaunches = new Counter({
    name: 'tally_chromium_launches_total',
    help: 'Chromium browsers the PDF renderer launched, by reason (first, recycle, crash)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly cacheReads = new Counter({
    name: 'tally_cache_reads_total',
    help: 'Per-user cache reads by result: local (process memory) hit, redis hit, or miss',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private queues: Queue[] = [];
  private pool: TarnPool | null = null;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly orm?: MikroORM,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tally_' });
    // Every result from the start, so the hit ratio's denominator exists before the first read.
    for (const result of ['local', 'redis', 'miss'] as const) this.cacheReads.inc({ result }, 0);
    for (const reason of ['first', 'recycle', 'crash'] as const) this.chromiumLaunches.inc({ reason }, 0);

    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: 'tally_queue_jobs',
      help: 'Bull jobs per queue and state (waiting, active, delayed, failed, completed, paused)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      collect: async () => {
        queueJobs.reset();
        await Promise.all(
          this.queues.map(async (queue) => {
            const counts = await withTimeout(queue.getJobCounts(), 1_000).catch(() => null);
            if (!counts) return;
            for (const [state, count] of Object.entries(counts)) queueJobs.set({ queue: queue.name, state }, count);
          }),
        );
      },
    });
    const pool: Gauge<'state'> = new Gauge({
      name: 'tally_db_pool_connections',
      help: 'MikroORM (knex) pool connections by state: used, free, pending_acquires, pending_creates, max',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: () => {
        const knexPool = this.dbPool();
        if (!knexPool) return;
        pool.set({ state: 'used' }, knexPool.numUsed());
        pool.set({ state: 'free' }, knexPool.numFree());
        pool.set({ state: 'pending_acquires' }, knexPool.numPendingAcquires());
        pool.set({ state: 'pending_creates' }, knexPool.numPendingCreates());
        pool.set({ state: 'max' }, knexPool.max);
      },
    });
  }

  onModuleInit(): void {
    for (const name of QUEUE_NAMES) {
      let queue: Queue;
      try {
        queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      } catch {
        continue; // an app without queues
      }
      this.queues.push(queue);
      // Local events: only the process that ran the job hears them (the worker).
      queue.on('completed', (job: Job) => this.recordJob(name, job, 'completed'));
      queue.on('failed', (job: Job) => {
        this.jobFailures.inc({ queue: name, name: job.name });
        this.recordJob(name, job, 'failed');
      });
    }
  }

  /** Called from the HTTP server's onResponse hook. `route` is the route template, or '(unmatched)'. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** The scrape: Prometheus text. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private recordJob(queue: string, job: Job, outcome: 'completed' | 'failed'): void {
    const started = job.processedOn;
    const seconds = started ? Math.max(0, ((job.finishedOn ?? Date.now()) - started) / 1000) : 0;
    this.jobDuration.observe({ queue, name: job.name, outcome }, seconds);
  }

  private dbPool(): TarnPool | null {
    if (this.pool || !this.orm) return this.pool;
    try {
      const connection = this.orm.em.getConnection() as unknown as {
        getKnex(): { client: { pool?: TarnPool } };
      };
      this.pool = connection.getKnex().client.pool ?? null;
    } catch {
      this.pool = null;
    }
    return this.pool;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
