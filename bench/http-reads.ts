import { performance } from 'node:perf_hooks';
import {
  BENCH_PASSWORD,
  flushBenchRedis,
  procMemory,
  rssSampler,
  setBenchPassword,
  signIn,
  startApi,
} from './api-process';
import { ensureDataset, MILLION_LOGS, MILLION_USER } from './generate';
import { fmt, summarize, Timing } from './measure';

export interface P3HttpResult {
  id: 'P3-HTTP';
  logs: number;
  /** Every request with a range 1 ms apart from the last: a cache miss each time. */
  uncached: Timing;
  /** The same request repeated: served from the cache. */
  cached: Timing;
  bodyKb: number;
}

export interface P10HttpResult {
  id: 'P10-HTTP';
  exports: Array<{
    format: 'csv' | 'json';
    mb: number;
    seconds: number;
    /** The api's RSS before the request, the highest sample (every 50 ms) during it, and VmHWM after. */
    rssBeforeMb: number;
    rssPeakMb: number;
    hwmMb: number;
  }>;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const RUNS = 40;

/**
 * P3 over HTTP: `GET /api/v1/trackers/:id/stats?bucket=day` over one year of the 1,000,000-log
 * tracker on the built api, one request at a time. The cache is keyed on the range, so moving
 * `to` (and `from`) by 1 ms per request makes every request a miss: the cache is off for them.
 */
export async function benchStatsHttp(): Promise<P3HttpResult> {
  const dataset = await ensureDataset();
  await setBenchPassword([MILLION_USER]);
  await flushBenchRedis();
  const api = await startApi();
  try {
    const headers = { authorization: await signIn(api.url, MILLION_USER, BENCH_PASSWORD) };
    const end = dataset.endsAt.getTime();
    let bodyBytes = 0;
    const stats = async (shiftMs: number) => {
      const to = new Date(end - shiftMs);
      const from = new Date(to.getTime() - YEAR_MS);
      const query = `from=${from.toISOString()}&to=${to.toISOString()}&bucket=day`;
      const response = await fetch(`${api.url}/api/v1/trackers/${dataset.millionTrackerId}/stats?${query}`, {
        headers,
      });
      if (!response.ok) throw new Error(`stats answered ${response.status}: ${await response.text()}`);
      const body = await response.arrayBuffer();
      bodyBytes = body.byteLength;
      return JSON.parse(Buffer.from(body).toString()) as { totals: { count: number } };
    };
    const check = await stats(0);
    if (check.totals.count < MILLION_LOGS * 0.99) throw new Error(`Expected ~1M logs, got ${check.totals.count}`);
    const samples = async (runs: number, shift: (i: number) => number) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await stats(shift(i));
        times.push(performance.now() - start);
      }
      return summarize(times);
    };
    await samples(3, (i) => 1000 + i);
    const uncached = await samples(RUNS, (i) => 2000 + i);
    process.stderr.write(`P3 over HTTP, cache missed every time: ${fmt(uncached)}\n`);
    const cached = await samples(RUNS, () => 0);
    process.stderr.write(`P3 over HTTP, the same request cached: ${fmt(cached)}\n`);
    return { id: 'P3-HTTP', logs: check.totals.count, uncached, cached, bodyKb: Math.round(bodyBytes / 1024) };
  } finally {
    await api.stop();
  }
}

/**
 * P10 over HTTP: `GET /api/v1/export` of the 1,000,000-log account, CSV then JSON, read to the end
 * by the benchmark, with the api process's RSS sampled from /proc/<pid>/status while it streams.
 */
export async function benchExportHttp(): Promise<P10HttpResult> {
  await ensureDataset();
  await setBenchPassword([MILLION_USER]);
  await flushBenchRedis();
  const api = await startApi();
  try {
    const headers = { authorization: await signIn(api.url, MILLION_USER, BENCH_PASSWORD) };
    const exports: P10HttpResult['exports'] = [];
    for (const format of ['csv', 'json'] as const) {
      const rssBeforeMb = procMemory(api.pid).rssMb;
      const sampler = rssSampler(api.pid);
      const started = performance.now();
      const response = await fetch(`${api.url}/api/v1/export?format=${format}`, { headers });
      if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
      let bytes = 0;
      for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      const rssPeakMb = sampler.stop();
      const { hwmMb } = procMemory(api.pid);
      const mb = Math.round(bytes / 1024 / 1024);
      exports.push({ format, mb, seconds, rssBeforeMb, rssPeakMb, hwmMb });
      process.stderr.write(
        `P10 export over HTTP, ${format}: ${mb} MB in ${seconds} s; api RSS ${rssBeforeMb} MB before, ` +
          `peak ${rssPeakMb} MB (VmHWM ${hwmMb} MB)\n`,
      );
    }
    return { id: 'P10-HTTP', exports };
  } finally {
    await api.stop();
  }
}
