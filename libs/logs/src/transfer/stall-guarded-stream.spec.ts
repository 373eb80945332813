import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DownloadStalledError, stallGuardedStream } from './stall-guarded-stream';

describe('stallGuardedStream', () => {
  /** 100 chunks of 1 KB; records how far it got and whether it was closed. */
  function source() {
    const state = { made: 0, finished: false };
    async function* chunks() {
      try {
        for (let i = 0; i < 100; i++) {
          state.made++;
          yield 'x'.repeat(1024);
        }
      } finally {
        state.finished = true;
      }
    }
    return { state, chunks: chunks() };
  }

  it('streams everything to a reader that keeps reading', async () => {
    const { state, chunks } = source();
    let closed = 0;
    const stream = stallGuardedStream(chunks, { stallTimeoutMs: 1_000, highWaterMark: 4096, onClose: () => closed++ });
    let bytes = 0;
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          setImmediate(done);
        },
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect({ bytes, made: state.made, finished: state.finished, closed }).toEqual({
      bytes: 100 * 1024,
      made: 100,
      finished: true,
      closed: 1,
    });
  });

  it('makes no more than its buffer ahead of a reader that stops, then cuts it and ends the source', async () => {
    const { state, chunks } = source();
    let closed = 0;
    const stream = stallGuardedStream(chunks, { stallTimeoutMs: 200, highWaterMark: 4096, onClose: () => closed++ });
    const failed = once(stream, 'error') as Promise<[Error]>;
    const closing = new Promise((resolve) => stream.once('close', resolve));
    stream.once('data', () => stream.pause()); // reads one chunk, then nothing
    const [error] = await failed;
    await closing;
    expect(error).toBeInstanceOf(DownloadStalledError);
    expect(state.made).toBeLessThanOrEqual(6); // one read + a 4 KB buffer, not the 100 chunks
    expect({ finished: state.finished, closed }).toEqual({ finished: true, closed: 1 });
  });
});
