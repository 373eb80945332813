import { readCsvImport } from './import-csv';
import { readJsonImport } from './import-json';
import { ImportProblem, ProblemCollector } from './import-problems';
import { ImportReader, NotUtf8Error, ReadContext } from './import-reader';
import { ParsedLog, ParsedTracker } from './import-record';
import { Pacer } from './pacer';
import { TransferFormat } from './transfer.format';

export type { ImportProblem } from './import-problems';
export { MAX_REPORTED_PROBLEMS, ProblemCollector } from './import-problems';
export { MAX_TRACKERS_PER_FILE, NotUtf8Error } from './import-reader';
export type { ImportReader } from './import-reader';

/** Reads an import file of `format` as it arrives, handing trackers and logs to `context.reader`. */
export function readImport(format: TransferFormat, chunks: AsyncIterable<Buffer>, context: ReadContext) {
  return format === 'csv' ? readCsvImport(chunks, context) : readJsonImport(chunks, context);
}

/** A whole file, read into memory: what the parsers make of a small file (tests, tools). */
export interface ParsedImport {
  trackers: Array<ParsedTracker & { logs: ParsedLog[] }>;
  /** The first problems by line (at most MAX_REPORTED_PROBLEMS). */
  problems: ImportProblem[];
  /** How many problems were found; `complete` is false when reading stopped once the first were known. */
  total: number;
  complete: boolean;
}

async function* piecesOf(content: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < content.length; at += size) yield content.subarray(at, at + size);
}

async function parseWhole(
  format: TransferFormat,
  content: string | Buffer,
  now: Date,
  pieceBytes = 64 * 1024,
): Promise<ParsedImport> {
  const trackers = new Map<string | number, ParsedTracker & { logs: ParsedLog[] }>();
  const early = new Map<string | number, ParsedLog[]>();
  const reader: ImportReader = {
    tracker: (tracker) => trackers.set(tracker.key, { ...tracker, logs: early.get(tracker.key) ?? [] }),
    log: (key, log) => {
      const logs = trackers.get(key)?.logs ?? early.get(key) ?? [];
      if (!trackers.has(key)) early.set(key, logs);
      logs.push(log);
    },
  };
  const problems = new ProblemCollector();
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  try {
    const complete = await readImport(format, piecesOf(bytes, pieceBytes), {
      now,
      problems,
      reader,
      pacer: new Pacer(),
    });
    return {
      trackers: [...trackers.values()],
      problems: problems.listed(),
      total: problems.total,
      complete: complete || problems.total < problems.cap,
    };
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    return { trackers: [], problems: [error.problem], total: 1, complete: true };
  }
}

/** CSV as exported, read whole (see readCsvImport), `pieceBytes` at a time. */
export const parseCsvImport = (content: string | Buffer, now: Date, pieceBytes?: number) =>
  parseWhole('csv', content, now, pieceBytes);

/** JSON as exported, read whole (see readJsonImport), `pieceBytes` at a time. */
export const parseJsonImport = (content: string | Buffer, now: Date, pieceBytes?: number) =>
  parseWhole('json', content, now, pieceBytes);
