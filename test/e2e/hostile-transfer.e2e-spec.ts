import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { request as httpRequest } from 'node:http';
import { connect, Socket } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { closedLoops, ms, percentile } from '../support/latency';
import { createUserVia, signIn } from '../support/sign-in';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Waits until this process (the api runs in it) has used under 15 % of a core for two half-seconds running. */
async function quiet(limitMs: number): Promise<number> {
  const started = Date.now();
  let calm = 0;
  while (Date.now() - started < limitMs && calm < 2) {
    const before = process.cpuUsage();
    await sleep(500);
    const used = process.cpuUsage(before);
    calm = (used.user + used.system) / 1000 < 75 ? calm + 1 : 0;
  }
  return Date.now() - started;
}

/**
 * quality.md R11: abuse of uploads and downloads must cost the abuser, not everyone else. The api
 * runs in this process, on its own pool (DB_POOL_MAX, default 10) and event loop.
 */
describe('hostile transfers (R11)', () => {
  let api: RunningApp;
  const STALL_SECONDS = 20;

  beforeAll(async () => {
    api = await startApi(testConfig({ EXPORT_STALL_TIMEOUT_SECONDS: String(STALL_SECONDS) }));
  });
  afterAll(() => api?.close());

  const em = () => api.app.get(MikroORM).em.fork() as unknown as EntityManager;
  const openConnections = () =>
    new Promise<number>((resolve, reject) =>
      api.app.getHttpServer().getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  const pool = () =>
    (
      em().getConnection().getKnex().client as {
        pool: { numUsed(): number; numPendingAcquires(): number };
      }
    ).pool;

  /** A user with a note tracker of `logs` logs of `size` characters each, written straight into MariaDB. */
  async function userWithLogs(logs: number, size: number) {
    const user = await createUserVia(api);
    const headers = await signIn(api, user);
    const tracker = await json(
      await api.request('/api/v1/trackers', { method: 'POST', headers, json: { name: 'Journal', type: 'note' } }),
    );
    const text = 'x'.repeat(size);
    for (let start = 0; start < logs; start += 500) {
      const rows = Array.from({ length: Math.min(500, logs - start) }, (_, i) => {
        const at = new Date(Date.UTC(2025, 0, 1) + (start + i) * 60_000);
        return [at, at, tracker.id, at, text];
      });
      await em().execute('INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, description) VALUES ?', [
        rows,
      ]);
    }
    return { headers, trackerId: tracker.id as number };
  }

  /** A download that is sent and never read: the socket is paused before the first byte arrives. */
  function stalledDownload(authorization: string): Promise<Socket> {
    const { port } = new URL(api.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.pause();
        socket.write(
          `GET /api/v1/export?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\n\r\n`,
        );
        resolve(socket);
      });
      socket.on('error', reject);
    });
  }

  /**
   * Uploads `file` for import while the event loop's delay, the api's health check and this
   * process's RSS are watched; `idle` watches the same for as long with nothing uploading.
   */
  async function watched(work: () => Promise<{ status: number; body: string }>) {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    let gcMax = 0;
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcMax = Math.max(gcMax, entry.duration);
    });
    gc.observe({ entryTypes: ['gc'] });
    const health: number[] = [];
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    let running = true;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 25);
    const checker = (async () => {
      while (running) {
        const started = performance.now();
        await (await api.request('/api/v1/health')).arrayBuffer();
        health.push(performance.now() - started);
        await sleep(20);
      }
    })();
    loop.enable();
    const started = performance.now();
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    loop.disable();
    gc.disconnect();
    running = false;
    await checker;
    clearInterval(sampler);
    return {
      ...result,
      seconds,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      gcMax,
      healthP99: percentile(health, 99),
      healthMax: Math.max(...health),
      checks: health.length,
      rssGrowthMb: Math.round((rssPeak - rssBefore) / 1024 / 1024),
    };
  }

  /** POST /import?dryRun=true of `content` as multipart/form-data, written 64 KB at a time as the socket takes it. */
  function multipartUpload(headers: Record<string, string>, filename: string, content: Buffer) {
    const boundary = `----tally${Date.now()}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${api.url}/api/v1/import?dryRun=true`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + content.length + tail.length,
        },
      });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      });
      req.on('error', reject);
      req.write(head);
      let at = 0;
      const pump = () => {
        while (at < content.length) {
          const piece = content.subarray(at, at + 64 * 1024);
          at += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end(tail);
      };
      pump();
    });
  }

  /** Work as well sliced as can be: 8 ms of CPU, then a turn of the event loop, for `ms`. */
  async function slicedWork(ms: number) {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const sliceEnd = performance.now() + 8;
      while (performance.now() < sliceEnd);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { status: 0, body: '' };
  }

  it('a hostile import costs its sender time, not everyone else: the event loop keeps answering', async () => {
    const user = await createUserVia(api);
    const headers = await signIn(api, user);
    // Sent as a remote client would, 64 KB at a time: fetch() with a FormData copies a Blob this size in
    // one piece, in this process, which is the api's too.
    const upload = (content: Buffer, filename: string) => () => multipartUpload(headers, filename, content);
    const idle = await watched(() => sleep(3_000).then(() => ({ status: 0, body: '' })));
    console.log(`R11 import: idle event-loop delay p99 ${ms(idle.loopP99)}, health check p99 ${ms(idle.healthP99)}`);

    // The file of the issue: a valid header and 1.8 million invalid rows (31 MB).
    const invalidCsv = Buffer.from(`tracker,trackerType,loggedAt,value\n${'Run,numerical,x,1\n'.repeat(1_800_000)}`);
    // Every row valid, so all of it is parsed and checked (dry run: nothing is written).
    const validRows = 100_000;
    const validCsv = Buffer.from(
      `tracker,trackerType,loggedAt,value\n${Array.from(
        { length: validRows },
        (_, i) => `Run,numerical,${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${i % 100}\n`,
      ).join('')}`,
    );
    // JSON with a million invalid logs: it used to be parsed whole, then parsed again into a tree to find lines.
    const invalidJson = Buffer.from(
      `{"format":"tally-export","version":1,"trackers":[{"name":"Run","type":"numerical","logs":[\n${Array.from(
        { length: 1_000_000 },
        () => '{"loggedAt":"x","value":1}',
      ).join(',\n')}\n]}]}\n`,
    );
    const mb = (file: Buffer) => Math.round(file.length / 1024 / 1024);
    const cases = [
      { name: `CSV, 1.8 million invalid rows (${mb(invalidCsv)} MB)`, file: invalidCsv, filename: 'hostile.csv' },
      {
        name: `CSV, ${validRows.toLocaleString('en')} valid rows (${mb(validCsv)} MB)`,
        file: validCsv,
        filename: 'valid.csv',
      },
      { name: `JSON, a million invalid logs (${mb(invalidJson)} MB)`, file: invalidJson, filename: 'hostile.json' },
    ];
    const results = [];
    for (const { name, file, filename } of cases) {
      // This machine may be loaded enough that any busy process waits for a core: the bar is R11's
      // 100 ms, or twice what work cut into perfect 8 ms slices sees just before, if that is more.
      // Load only adds delay, so the best of three tries counts (the old import blocked every time).
      let best;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const sliced = await watched(() => slicedWork(2_000));
        const bar = Math.max(100, 2 * sliced.loopP99);
        const result = { ...(await watched(upload(file, filename))), bar };
        console.log(
          `R11 import (dry run) ${name}, try ${attempt}: ${result.status} in ${result.seconds.toFixed(1)} s; ` +
            `event-loop delay p99 ${ms(result.loopP99)} (max ${ms(result.loopMax)}, longest GC pause ` +
            `${ms(result.gcMax)}) vs ${ms(sliced.loopP99)} for 8 ms slices → bar ${ms(bar)}; health check p99 ` +
            `${ms(result.healthP99)} (${result.checks} checks); RSS +${result.rssGrowthMb} MB; ` +
            `answer: ${result.body.slice(0, 120)}`,
        );
        if (!best || result.loopP99 / result.bar < best.loopP99 / best.bar) best = result;
        if (result.loopP99 <= bar) break;
      }
      results.push(best!);
    }
    const [invalid, valid, json] = results;
    expect(invalid!.status).toBe(422);
    expect(JSON.parse(invalid!.body).message).toMatch(/^Nothing was imported: the file has at least \d+ problems/);
    expect(JSON.parse(invalid!.body).details).toHaveLength(100);
    expect(valid!.status).toBe(200);
    expect(JSON.parse(valid!.body)).toMatchObject({ dryRun: true, logsImported: validRows });
    expect(json!.status).toBe(422);
    expect(JSON.parse(json!.body).details).toHaveLength(100);
    for (const result of results) {
      expect(result.loopP99).toBeLessThanOrEqual(result.bar);
      // This process sends the upload too. Before: +1,314 MB (31 MB CSV), +171 MB (8 MB CSV), +248 MB (27 MB JSON).
      expect(result.rssGrowthMb).toBeLessThanOrEqual(128);
    }
  });

  it('exports that stop reading hold no connection, leave other users’ reads alone and are cut', async () => {
    // 10 users × 2 downloads (the per-user limit) of ≈ 6 MB each: more than the sockets' buffers hold.
    const exporters = [];
    for (let i = 0; i < 10; i++) exporters.push(await userWithLogs(3_000, 2_000));
    const reader = await userWithLogs(100, 20);
    const readLogs = () =>
      closedLoops(
        4,
        30,
        async () => {
          const res = await api.request(`/api/v1/trackers/${reader.trackerId}/logs?limit=50`, {
            headers: reader.headers,
            signal: AbortSignal.timeout(5_000),
          });
          if (res.status !== 200) throw new Error(`log list answered ${res.status}`);
          await res.arrayBuffer();
        },
        performance.now() + 20_000,
      );
    await readLogs(); // warm-up
    const idle = await readLogs();
    const connectionsBefore = await openConnections();

    const sockets: Socket[] = [];
    try {
      for (const { headers } of exporters) {
        for (let n = 0; n < 2; n++) sockets.push(await stalledDownload(headers.authorization));
      }
      // A third download of the same user is refused while two are open.
      const third = await api
        .request('/api/v1/export?format=csv', { headers: exporters[0]!.headers, signal: AbortSignal.timeout(10_000) })
        .then(async (res) => ({ status: res.status, headers: res.headers, body: await res.text() }))
        .catch(() => ({ status: 0, headers: new Headers(), body: 'no answer in 10 s' }));
      const settled = await quiet(15_000);

      const stalled = await readLogs();
      const used = pool().numUsed();
      const idleP99 = percentile(idle, 99);
      const stalledP99 = percentile(stalled, 99);
      console.log(
        `R11 export: other user's log list p99 ${ms(idleP99)} idle vs ${ms(stalledP99)} with 20 stalled CSV ` +
          `downloads (${stalled.length} requests, ${stalled.filter((l) => !Number.isFinite(l)).length} without an ` +
          `answer in 5 s; the downloads filled their sockets in ≈ ${settled} ms) → ` +
          `${(stalledP99 / idleP99).toFixed(2)}× (bar ≤ 2×); pooled connections in use meanwhile: ${used}; ` +
          `a third download of one user → ${third.status} ${third.body}`,
      );
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(third.body).message).toMatch(/2 downloads .* at a time/);
      expect(stalledP99).toBeLessThanOrEqual(2 * idleP99);

      // The stalled downloads are cut after the stall timeout, and everything they held is free.
      const cutStarted = Date.now();
      while (Date.now() - cutStarted < (STALL_SECONDS + 20) * 1000 && (await openConnections()) > connectionsBefore) {
        await sleep(500);
      }
      const left = (await openConnections()) - connectionsBefore;
      console.log(
        `R11 export: ${20 - Math.max(0, left)} of 20 stalled downloads cut by the server within ` +
          `${Math.round((Date.now() - cutStarted) / 1000)} s of the measurement (stall timeout ${STALL_SECONDS} s); ` +
          `pool: ${pool().numUsed()} in use, ${pool().numPendingAcquires()} waiting`,
      );
      expect(left).toBeLessThanOrEqual(0);
      expect(pool().numUsed()).toBe(0);
      const again = await api.request('/api/v1/export?format=csv', { headers: exporters[0]!.headers });
      expect(again.status).toBe(200);
      expect((await again.text()).length).toBeGreaterThan(3_000 * 2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});
