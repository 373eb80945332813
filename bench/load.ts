import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';

/** One load run: how many answers per second, and their latency in ms. */
export interface LoadRun {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers that were not 2xx, plus connection errors and timeouts. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A different path/body per request (autocannon's setupRequest), e.g. to spread writes. */
  request?: (n: number) => { path: string; body?: string };
}

/** autocannon against one server, in this process. */
export async function autocannonRun(options: LoadOptions): Promise<LoadRun> {
  let n = 0;
  const request = options.request;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: options.headers,
    ...(request
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const next = request(n++);
                return { ...req, path: next.path, body: next.body };
              },
            },
          ],
        }
      : {}),
  });
  return {
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * The same shape of load without HTTP: `connections` loops calling `work` back to back for
 * `seconds`, as autocannon keeps its connections busy.
 */
export async function closedLoop(
  connections: number,
  seconds: number,
  work: (loop: number, n: number) => Promise<unknown>,
): Promise<LoadRun> {
  const samples: number[] = [];
  let failures = 0;
  const started = performance.now();
  const ends = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, loop) => {
      for (let n = 0; performance.now() < ends; n++) {
        const start = performance.now();
        try {
          await work(loop, n);
          samples.push(performance.now() - start);
        } catch {
          failures++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? 0) * 100) / 100;
  return { rps: Math.round(samples.length / elapsed), p50: at(0.5), p99: at(0.99), max: at(1), failures };
}

/** Mean of the runs' throughput and the worst of their latencies. */
export function combine(runs: LoadRun[]): LoadRun {
  return {
    rps: Math.round(runs.reduce((s, r) => s + r.rps, 0) / runs.length),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    failures: runs.reduce((s, r) => s + r.failures, 0),
  };
}

export const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 10;
export const fmtRun = (r: LoadRun) =>
  `${r.rps.toLocaleString('en')} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms${r.failures ? `, ${r.failures} failed` : ''}`;

/**
 * The api and its baseline, alternated round by round so both see the same machine; the api's CPU
 * time per answer comes from `apiCpuMs` (its process's user + system time, from /proc).
 */
export async function alternate(options: {
  id: string;
  labels: [api: string, baseline: string];
  rounds: number;
  seconds: number;
  api: () => Promise<LoadRun>;
  baseline: () => Promise<LoadRun>;
  apiCpuMs: () => number;
}): Promise<{ api: LoadRun; baseline: LoadRun; ratioPct: number; apiRequests: number; cpuUsPerRequest: number }> {
  const apiRuns: LoadRun[] = [];
  const baselineRuns: LoadRun[] = [];
  let apiRequests = 0;
  let cpuMs = 0;
  const [apiLabel, baselineLabel] = options.labels;
  for (let round = 1; round <= options.rounds; round++) {
    const cpuBefore = options.apiCpuMs();
    const a = await options.api();
    cpuMs += options.apiCpuMs() - cpuBefore;
    apiRequests += a.rps * options.seconds;
    apiRuns.push(a);
    process.stderr.write(`${options.id} round ${round} ${apiLabel}: ${fmtRun(a)}\n`);
    const b = await options.baseline();
    baselineRuns.push(b);
    process.stderr.write(`${options.id} round ${round} ${baselineLabel}: ${fmtRun(b)}\n`);
  }
  const api = combine(apiRuns);
  const baseline = combine(baselineRuns);
  return {
    api,
    baseline,
    ratioPct: ratio(api.rps, baseline.rps),
    apiRequests,
    cpuUsPerRequest: Math.round((cpuMs * 1000) / Math.max(1, apiRequests)),
  };
}
