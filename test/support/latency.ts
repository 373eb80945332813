import { performance } from 'node:perf_hooks';

/** The p-th percentile (nearest rank) of some figures; Infinity counts as a request that got no answer. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** "12.3 ms", or "no answer" for a request that timed out. */
export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'no answer');

/**
 * Runs `loops` closed loops of `request` until each has made `perLoop` requests (or `deadline`
 * passes) and returns every latency in ms; a request that throws (e.g. aborted by its own
 * timeout) counts as Infinity, so a stalled service shows as "no answer", not as fast.
 */
export async function closedLoops(
  loops: number,
  perLoop: number,
  request: (loop: number, n: number) => Promise<void>,
  deadline = Infinity,
): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let n = 0; n < perLoop && performance.now() < deadline; n++) {
        const started = performance.now();
        try {
          await request(loop, n);
          latencies.push(performance.now() - started);
        } catch {
          latencies.push(Infinity);
        }
      }
    }),
  );
  return latencies;
}
