import {
  ApiProcess,
  BENCH_PASSWORD,
  flushBenchRedis,
  procCpuMs,
  procMemory,
  setBenchPassword,
  signIn,
  startApi,
} from './api-process';
import { recordResponse, startBareServer } from './bare-server';
import { ensureDataset, TWENTY_USER } from './generate';
import { alternate, autocannonRun, fmtRun, LoadRun } from './load';

export interface P1Result {
  id: 'P1';
  connections: number;
  seconds: number;
  rounds: number;
  trackers: number;
  responseBytes: number;
  api: LoadRun;
  bare: LoadRun;
  /** api throughput as a % of the bare server's. */
  ratioPct: number;
  /** P8: the api's resident memory right after the load, and its peak since start. */
  rssAfterMb: number;
  rssPeakMb: number;
  /** Bytes the api logged per request during the load (its log level is info, as in production). */
  logBytesPerRequest: number;
  /** The api's CPU time per request during its rounds (user + system, from /proc). */
  cpuUsPerRequest: number;
}

const CONNECTIONS = 50;
const SECONDS = 10;
const ROUNDS = 3;
const PATH = '/api/v1/trackers';

/**
 * P1: the cached `GET /api/v1/trackers` of a user with 20 trackers, with a Bearer JWT from a real
 * sign-in, on the built api in production mode, against a bare node:http server that replays the
 * api's exact answer (same bytes and headers). autocannon, 50 connections, 10 s; api and bare
 * server alternate, three times each, after a warm-up of both. P8 is the api's RSS after the load.
 */
export async function benchRead(): Promise<P1Result> {
  await ensureDataset();
  await setBenchPassword([TWENTY_USER]);
  await flushBenchRedis();
  const api: ApiProcess = await startApi();
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    const authorization = await signIn(api.url, TWENTY_USER, BENCH_PASSWORD);
    const headers = { authorization };
    const recorded = await recordResponse(`${api.url}${PATH}`, headers);
    const trackers = (JSON.parse(recorded.body.toString()) as { items: unknown[] }).items.length;
    if (trackers !== 20) throw new Error(`Expected 20 trackers, got ${trackers}`);
    bare = await startBareServer(recorded);

    const run = (url: string, seconds = SECONDS) =>
      autocannonRun({ url: `${url}${PATH}`, connections: CONNECTIONS, seconds, headers });
    // Warm-up: JIT, connection pools, the cache entry.
    await run(api.url, 3);
    const bareUrl = bare.url;
    await run(bareUrl, 3);
    const logBefore = api.logBytes();
    const load = await alternate({
      id: 'P1',
      labels: ['api', 'bare'],
      rounds: ROUNDS,
      seconds: SECONDS,
      api: () => run(api.url),
      baseline: () => run(bareUrl),
      apiCpuMs: () => procCpuMs(api.pid),
    });
    const memory = procMemory(api.pid);
    const result: P1Result = {
      id: 'P1',
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      trackers,
      responseBytes: recorded.body.length,
      api: load.api,
      bare: load.baseline,
      ratioPct: load.ratioPct,
      rssAfterMb: memory.rssMb,
      rssPeakMb: memory.hwmMb,
      logBytesPerRequest: Math.round((api.logBytes() - logBefore) / Math.max(1, load.apiRequests)),
      cpuUsPerRequest: load.cpuUsPerRequest,
    };
    process.stderr.write(
      `P1 api ${fmtRun(load.api)} | bare ${fmtRun(load.baseline)} → ${result.ratioPct} %; ` +
        `api CPU ${result.cpuUsPerRequest} µs/request; P8 api RSS after ${result.rssAfterMb} MB (peak ${result.rssPeakMb} MB)\n`,
    );
    return result;
  } finally {
    await bare?.stop();
    await api.stop();
  }
}
