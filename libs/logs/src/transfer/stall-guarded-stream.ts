import { Readable } from 'node:stream';

/** The client of a download read nothing for the whole stall timeout: the download was cut. */
export class DownloadStalledError extends Error {
  constructor(readonly stallTimeoutMs: number) {
    super(`The client read nothing for ${Math.max(1, Math.round(stallTimeoutMs / 1000))} s; the download was cut`);
  }
}

export interface StallGuardOptions {
  /** How long the reader may leave a full buffer untouched before the stream is destroyed. */
  stallTimeoutMs: number;
  /** Bytes buffered ahead of the reader. */
  highWaterMark?: number;
  /** Called once when the stream is closed, whether it ended, failed, was cut or the client left. */
  onClose?: () => void;
}

/**
 * A byte stream over `source` that asks for the next chunk only when its reader wants more, and
 * destroys itself (with DownloadStalledError, which ends the HTTP response and closes the socket)
 * when the reader takes nothing for `stallTimeoutMs` while its buffer is full. While it waits for
 * the reader it holds only that buffer: `source` is suspended between chunks, so whatever `source`
 * needs to make the next one (a database connection) is not taken until then.
 */
export function stallGuardedStream(source: AsyncGenerator<string>, options: StallGuardOptions): Readable {
  let timer: NodeJS.Timeout | undefined;
  let pumping = false;

  const stream = new Readable({
    highWaterMark: options.highWaterMark ?? 64 * 1024,
    read() {
      clearTimeout(timer);
      timer = undefined;
      if (!pumping) void pump();
    },
    destroy(error, callback) {
      clearTimeout(timer);
      // Ends the generator (its `finally` blocks run); waits for a chunk being made to finish first.
      source.return(undefined).then(
        () => callback(error),
        (closing: Error) => callback(error ?? closing),
      );
    },
  });

  async function pump(): Promise<void> {
    pumping = true;
    try {
      for (;;) {
        const next = await source.next();
        if (stream.destroyed) return;
        if (next.done) {
          stream.push(null);
          return;
        }
        if (!stream.push(next.value)) {
          // The reader has enough; `read()` is called when it wants more. If it never is, cut.
          timer = setTimeout(
            () => stream.destroy(new DownloadStalledError(options.stallTimeoutMs)),
            options.stallTimeoutMs,
          );
          return;
        }
      }
    } catch (error) {
      stream.destroy(error as Error);
    } finally {
      pumping = false;
    }
  }

  if (options.onClose) stream.once('close', options.onClose);
  return stream;
}
