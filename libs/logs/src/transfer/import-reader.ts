import { Pacer } from './pacer';
import { ProblemCollector } from './import-problems';
import { ParsedLog, ParsedTracker } from './import-record';

/** What a file reader hands on as it goes: nothing is kept by the reader itself. */
export interface ImportReader {
  /** A tracker of the file, once its own fields are read (CSV: its first row; JSON: its object). */
  tracker(tracker: ParsedTracker): void;
  /** A log without problems, of the tracker `key` (which JSON may list before the tracker's fields). */
  log(key: string | number, log: ParsedLog): void;
  /** Between slices of work: where a reader that writes can write out what it gathered. */
  pause?(): Promise<void>;
}

export interface ReadContext {
  now: Date;
  problems: ProblemCollector;
  reader: ImportReader;
  pacer: Pacer;
}

/** The most trackers one file may hold (each is looked up, and created, on its own). */
export const MAX_TRACKERS_PER_FILE = 10_000;

export const tooManyTrackers = (line: number) => ({
  line,
  field: 'file',
  message: `The file has more than ${MAX_TRACKERS_PER_FILE.toLocaleString('en')} trackers: import it in parts`,
});

/** The file is not UTF-8: it is refused whole, with this one problem. */
export class NotUtf8Error extends Error {
  readonly problem = {
    line: 1,
    field: 'file',
    message: 'The file is not UTF-8 text: save it as CSV UTF-8 or JSON and try again',
  };
}

/** Decodes UTF-8 across chunk boundaries, refusing anything else. */
export class Utf8Decoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** The text of `chunk`; `undefined` flushes the end (an unfinished character is an error too). */
  decode(chunk?: Buffer): string {
    try {
      return chunk ? this.decoder.decode(chunk, { stream: true }) : this.decoder.decode();
    } catch {
      throw new NotUtf8Error('not UTF-8');
    }
  }
}

/** Lets the event loop run, and the reader write, when the current slice of work is used up. */
export async function breathe(context: ReadContext): Promise<void> {
  if (!context.pacer.due) return;
  await context.pacer.pause();
  await context.reader.pause?.();
}
