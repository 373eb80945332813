import { performance } from 'node:perf_hooks';

export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    runs: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
  };
}

/** Milliseconds per call of `work`, after `warmup` unmeasured calls. */
export async function time(work: () => Promise<unknown>, runs: number, warmup = 3): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

const toMb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

/** Peak resident set size while `work` runs, sampled every 25 ms. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; beforeMb: number }> {
  const mb = () => toMb(process.memoryUsage.rss());
  const beforeMb = mb();
  let peakMb = beforeMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, mb())), 25);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, mb());
    return { result, peakMb, beforeMb };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The most heap that stays live while `work` runs: a full GC every 250 ms, then heapUsed. Flat
 * means streaming; growing with the data means something holds on to it. Needs `--expose-gc`.
 */
export async function retainedHeap(work: () => Promise<unknown>): Promise<{ beforeMb: number; peakMb: number } | null> {
  if (!gc) return null;
  gc();
  const beforeMb = toMb(process.memoryUsage().heapUsed);
  let peakMb = beforeMb;
  const timer = setInterval(() => {
    gc();
    peakMb = Math.max(peakMb, toMb(process.memoryUsage().heapUsed));
  }, 250);
  try {
    await work();
    return { beforeMb, peakMb };
  } finally {
    clearInterval(timer);
  }
}

export const fmt = (t: Timing) => `p50 ${t.p50} ms, p95 ${t.p95} ms, max ${t.max} ms (${t.runs} runs)`;
