import { Parser } from 'csv-parse';
import { TrackerType } from '@tally/trackers';
import { finished } from 'node:stream/promises';
import { unprotectCell } from './csv';
import { ImportProblem } from './import-problems';
import { breathe, MAX_TRACKERS_PER_FILE, ReadContext, tooManyTrackers, Utf8Decoder } from './import-reader';
import { echoed, Place, RawRecord, RecordChecker, RecordKind } from './import-record';
import { CSV_COLUMNS, CSV_TEXT_COLUMNS, CsvColumn, LOG_FIELDS } from './transfer.format';

const TRACKER_COLUMNS: Record<string, CsvColumn> = {
  name: 'tracker',
  type: 'trackerType',
  description: 'trackerDescription',
  whatToTrack: 'trackerWhatToTrack',
  unit: 'trackerUnit',
  createdAt: 'trackerCreatedAt',
};
const TRACKER_KEYS = Object.entries(TRACKER_COLUMNS);
const REQUIRED_COLUMNS: CsvColumn[] = ['tracker', 'trackerType', 'loggedAt'];

/** The parser is fed this much at a time, so each step between two looks at the clock stays short. */
const PIECE_BYTES = 16 * 1024;
/**
 * The longest row a valid file can have is under 30,000 characters (every text column at its limit,
 * each character a doubled quote); a longer one is refused at once instead of being gathered.
 */
const MAX_ROW_CHARS = 256 * 1024;
/** A parser's own message may quote a field: room for the message and `MAX_ECHOED_LENGTH` of the field. */
const CSV_ERROR_LENGTH = 120;

/**
 * How many lines a record's raw text spans. csv-parse keeps a "\n" delimiter in the raw text but
 * only the "\r" of a "\r\n" one (and counts "\r\n" inside quotes as two lines in `info.lines`).
 */
function linesSpanned(raw: string): number {
  let count = raw.endsWith('\n') ? 0 : 1;
  for (let at = raw.indexOf('\n'); at !== -1; at = raw.indexOf('\n', at + 1)) count++;
  return count;
}

function csvProblem(error: unknown, line: number): ImportProblem {
  const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return {
      line: lines ?? line,
      field: 'row',
      message: `The row is longer than any valid row can be (over ${MAX_ROW_CHARS.toLocaleString('en')} characters)`,
    };
  }
  // csv-parse quotes the offending field in some messages ("…, value is "<the field>""): cut it too.
  return {
    line: lines ?? line,
    field: 'file',
    message: `The file is not valid CSV: ${echoed(message ?? 'unreadable', CSV_ERROR_LENGTH)}`,
  };
}

/** The rows of a CSV file after its header, one at a time. */
class CsvRows {
  /** The line the next record starts on. */
  line = 1;
  private header: string[] | null = null;
  private position = {} as Record<CsvColumn, number>;
  private readonly checker: RecordChecker;
  private readonly trackers = new Map<string, { signature: string; firstLine: number; type: TrackerType }>();

  constructor(private readonly context: ReadContext) {
    this.checker = new RecordChecker(
      context.now,
      (kind: RecordKind, key: string) => (kind === 'tracker' ? TRACKER_COLUMNS[key]! : key),
      (problem) => context.problems.add(problem),
    );
  }

  get started(): boolean {
    return this.header !== null;
  }

  /** Takes one record; false when reading should stop (a broken header, enough problems, too many trackers). */
  take(record: string[], raw: string): boolean {
    const place: Place = { line: this.line };
    this.line += linesSpanned(raw);
    if (!this.header) return this.readHeader(record);
    const { problems, reader } = this.context;
    if (record.every((cell) => cell.trim() === '')) return true;
    if (record.length !== this.header.length) {
      problems.add({
        line: place.line,
        field: 'row',
        message: `The row has ${record.length} fields but the header has ${this.header.length}`,
      });
      return !problems.settled(this.line);
    }
    const cell = (column: CsvColumn): string => {
      const at = this.position[column];
      const raw = at === -1 ? '' : record[at]!;
      return CSV_TEXT_COLUMNS.has(column) ? unprotectCell(raw) : raw.trim();
    };
    const trackerCells = TRACKER_KEYS.map(([, column]) => cell(column));
    const name = trackerCells[0]!.trim();
    const signature = trackerCells.join('\u0000');
    let tracker = this.trackers.get(name);
    if (!tracker) {
      if (this.trackers.size >= MAX_TRACKERS_PER_FILE) {
        problems.add(tooManyTrackers(place.line));
        return false;
      }
      const trackerRecord = Object.fromEntries(TRACKER_KEYS.map(([key], i) => [key, trackerCells[i]]));
      const parsed = this.checker.tracker(trackerRecord, place);
      tracker = { signature, firstLine: place.line, type: parsed.fields.type };
      this.trackers.set(name, tracker);
      reader.tracker({ key: name, ...parsed });
    } else if (tracker.signature !== signature) {
      this.checker.add(
        'tracker',
        place,
        'name',
        `The tracker columns differ from line ${tracker.firstLine}, where "${echoed(name)}" first appears`,
      );
    }
    const logRecord: RawRecord = {};
    let empty = true;
    for (const key of LOG_FIELDS) {
      const value = cell(key);
      logRecord[key] = value;
      if (value !== '') empty = false;
    }
    if (!empty) {
      // A tracker without logs has the log columns empty.
      const log = this.checker.log(logRecord, place, tracker.type || null);
      if (log) reader.log(name, log);
    }
    return !problems.settled(this.line);
  }

  private readHeader(record: string[]): boolean {
    const header = record.map((cell) => cell.trim());
    const columns = header.map((name) => CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase()));
    const problems: ImportProblem[] = [];
    header.forEach((name, i) => {
      if (!columns[i]) {
        problems.push({
          line: 1,
          field: echoed(name),
          message: `Unknown column "${echoed(name)}"; the columns are: ${CSV_COLUMNS.join(', ')}`,
        });
      } else if (columns.indexOf(columns[i]) !== i) {
        problems.push({ line: 1, field: name, message: `Column "${name}" appears twice` });
      }
    });
    for (const required of REQUIRED_COLUMNS) {
      if (!columns.includes(required))
        problems.push({ line: 1, field: required, message: `Column "${required}" is missing` });
    }
    for (const problem of problems) this.context.problems.add(problem);
    this.header = header;
    this.position = Object.fromEntries(CSV_COLUMNS.map((column) => [column, columns.indexOf(column)])) as Record<
      CsvColumn,
      number
    >;
    return problems.length === 0;
  }
}

/**
 * CSV as exported: a header row, then one row per log with its tracker's columns. Read as it
 * arrives, a piece at a time with the event loop served in between; each tracker is handed to
 * `context.reader` at its first row and each log without problems as it is read. Stops as soon
 * as the first problems are known (`ProblemCollector.settled`): false then, true if it read to the end.
 */
export async function readCsvImport(chunks: AsyncIterable<Buffer>, context: ReadContext): Promise<boolean> {
  const parser = new Parser({
    bom: true,
    // csv-parse counts \r\n inside quotes as two lines; lines are counted here from the raw text.
    raw: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_ROW_CHARS,
  });
  parser.on('error', () => undefined); // read from `parser.errored` where it matters
  const rows = new CsvRows(context);
  const utf8 = new Utf8Decoder();

  /** Takes every record parsed so far; false when reading should stop. */
  const take = async (): Promise<boolean> => {
    for (let item = parser.read(); item !== null; item = parser.read()) {
      const { record, raw } = item as { record: string[]; raw: string };
      if (!rows.take(record, raw)) return false;
      if (context.pacer.due) await breathe(context);
    }
    if (!parser.errored) return true;
    context.problems.add(csvProblem(parser.errored, rows.line));
    return false;
  };

  for await (const chunk of chunks) {
    utf8.decode(chunk); // only to refuse what is not UTF-8: csv-parse reads the bytes
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      parser.write(chunk.subarray(at, at + PIECE_BYTES));
      if (!(await take())) return false;
    }
  }
  utf8.decode();
  parser.end();
  await finished(parser, { readable: false }).catch(() => undefined);
  if (!(await take())) return false;
  if (!rows.started) {
    context.problems.add({
      line: 1,
      field: 'file',
      message: 'The file is empty: expected a header row and one row per log',
    });
  }
  return true;
}
