import { performance } from 'node:perf_hooks';

/** Work between two turns of the event loop: long enough to get on, short enough to stay unnoticed. */
const SLICE_MS = 8;

/**
 * Cooperative slicing for long synchronous work (parsing a 32 MB import): the worker asks `due`
 * between small steps and, when its slice is used up, awaits `pause()`, which lets the event
 * loop serve everything else (I/O, timers, other requests) before it goes on (quality.md R11).
 */
export class Pacer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  get due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
