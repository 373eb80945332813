import { parse as parseCsv } from 'csv-parse/sync';
import { findNodeAtLocation, parse as parseJsonc, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { unprotectCell } from './csv';
import { echoed, ParsedTracker, Place, PlacedProblem, RawRecord, RecordChecker, RecordKind } from './import-record';
import {
  CSV_COLUMNS,
  CSV_TEXT_COLUMNS,
  CsvColumn,
  JSON_FORMAT_NAME,
  JSON_FORMAT_VERSION,
  LOG_FIELDS,
} from './transfer.format';

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ParsedImport {
  trackers: ParsedTracker[];
  problems: ImportProblem[];
  /** The line a record starts on (JSON lines are looked up only when asked). */
  lineOf: (place: Place) => number;
}

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

/**
 * How many lines a record's raw text spans. csv-parse keeps a "\n" delimiter in the raw text but
 * only the "\r" of a "\r\n" one (and counts "\r\n" inside quotes as two lines in `info.lines`).
 */
function linesSpanned(raw: string): number {
  let count = raw.endsWith('\n') ? 0 : 1;
  for (let at = raw.indexOf('\n'); at !== -1; at = raw.indexOf('\n', at + 1)) count++;
  return count;
}
/** A parser's own message may quote a field: room for the message and `MAX_ECHOED_LENGTH` of the field. */
const CSV_ERROR_LENGTH = 120;
const lineOfPlace = (place: Place) => ('line' in place ? place.line : 1);

/** CSV as exported: a header row, then one row per log with its tracker's columns. */
export function parseCsvImport(text: string, now: Date): ParsedImport {
  let rows: Array<{ record: string[]; raw: string }>;
  try {
    rows = parseCsv(text, {
      bom: true,
      // csv-parse counts \r\n inside quotes as two lines; lines are counted here from the raw text.
      raw: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as typeof rows;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message?: string };
    // csv-parse quotes the offending field in some messages ("…, value is "<the field>""): cut it too.
    return failed(
      lines ?? 1,
      'file',
      `The file is not valid CSV: ${echoed(message ?? 'unreadable', CSV_ERROR_LENGTH)}`,
    );
  }
  if (!rows.length) return failed(1, 'file', 'The file is empty: expected a header row and one row per log');

  const header = rows[0]!.record.map((cell) => cell.trim());
  const columns = header.map((name) => CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase()));
  const headerProblems: ImportProblem[] = [];
  header.forEach((name, i) => {
    if (!columns[i]) {
      headerProblems.push({
        line: 1,
        field: echoed(name),
        message: `Unknown column "${echoed(name)}"; the columns are: ${CSV_COLUMNS.join(', ')}`,
      });
    } else if (columns.indexOf(columns[i]) !== i) {
      headerProblems.push({ line: 1, field: name, message: `Column "${name}" appears twice` });
    }
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required))
      headerProblems.push({ line: 1, field: required, message: `Column "${required}" is missing` });
  }
  if (headerProblems.length) return { trackers: [], problems: headerProblems, lineOf: lineOfPlace };

  const checker = new RecordChecker(now, (kind: RecordKind, key: string) =>
    kind === 'tracker' ? TRACKER_COLUMNS[key]! : key,
  );
  const position = Object.fromEntries(CSV_COLUMNS.map((column) => [column, columns.indexOf(column)])) as Record<
    CsvColumn,
    number
  >;
  const trackers = new Map<string, ParsedTracker & { signature: string; firstLine: number }>();
  let line = 1 + linesSpanned(rows[0]!.raw);
  for (const { record, raw: source } of rows.slice(1)) {
    const place = { line };
    line += linesSpanned(source);
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== header.length) {
      checker.problems.push({
        place,
        field: 'row',
        message: `The row has ${record.length} fields but the header has ${header.length}`,
      });
      continue;
    }
    const cell = (column: CsvColumn): string => {
      const at = position[column];
      const raw = at === -1 ? '' : record[at]!;
      return CSV_TEXT_COLUMNS.has(column) ? unprotectCell(raw) : raw.trim();
    };
    const trackerCells = TRACKER_KEYS.map(([, column]) => cell(column));
    const name = trackerCells[0]!.trim();
    const signature = trackerCells.join('\u0000');
    let tracker = trackers.get(name);
    if (!tracker) {
      const trackerRecord = Object.fromEntries(TRACKER_KEYS.map(([key], i) => [key, trackerCells[i]]));
      tracker = { ...checker.tracker(trackerRecord, place), logs: [], signature, firstLine: place.line };
      trackers.set(name, tracker);
    } else if (tracker.signature !== signature) {
      checker.add(
        'tracker',
        place,
        'name',
        `The tracker columns differ from line ${tracker.firstLine}, where "${echoed(name)}" first appears`,
      );
    }
    const logRecord: RawRecord = Object.fromEntries(LOG_FIELDS.map((key) => [key, cell(key)]));
    if (LOG_FIELDS.every((key) => logRecord[key] === '')) continue; // a tracker without logs
    const log = checker.log(logRecord, place, tracker.fields.type);
    if (log) tracker.logs.push(log);
  }
  return {
    trackers: [...trackers.values()].map(({ place, fields, createdAt, logs }) => ({ place, fields, createdAt, logs })),
    problems: checker.problems.map((p) => ({ line: lineOfPlace(p.place), field: p.field, message: p.message })),
    lineOf: lineOfPlace,
  };
}

const JSON_TOP_KEYS = new Set(['format', 'version', 'exportedAt', 'trackers']);
const JSON_TRACKER_KEYS = new Set(['name', 'type', 'description', 'whatToTrack', 'unit', 'createdAt', 'logs']);
const JSON_LOG_FIELDS = new Set<string>(LOG_FIELDS);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pathText(path: Array<string | number>): string {
  return (
    path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('') || '(document)'
  );
}

/** Line numbers from offsets, by binary search over where lines start. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/** JSON as exported: `{ format, version, exportedAt, trackers: [{ …, logs: [ … ] }] }`. */
export function parseJsonImport(text: string, now: Date): ParsedImport {
  const lineAt = lineIndex(text);
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const reason = first
      ? printParseErrorCode(first.error)
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
      : 'unreadable';
    return failed(first ? lineAt(first.offset) : 1, 'file', `The file is not valid JSON: ${reason}`);
  }

  // Lines are found from the syntax tree only when a problem needs one.
  let tree: ReturnType<typeof parseTree> | undefined;
  const lineOf = (place: Place, key?: string): number => {
    if ('line' in place) return place.line;
    tree ??= parseTree(text);
    const node =
      (key !== undefined && tree && findNodeAtLocation(tree, [...place.path, key])) ||
      (tree && findNodeAtLocation(tree, place.path));
    return node ? lineAt(node.offset) : 1;
  };
  const checker = new RecordChecker(now, (_kind, key, place) =>
    pathText([...('path' in place ? place.path : []), key]),
  );
  const unknownKeys = (record: Record<string, unknown>, allowed: Set<string>, place: Place) => {
    for (const key of Object.keys(record)) {
      if (allowed.has(key)) continue;
      // A long key is cut in the field too, so its line is then the record's (the cut key is not in the file).
      const shown = echoed(key);
      checker.add('log', place, shown, `${shown} is not a known field; expected one of: ${[...allowed].join(', ')}`);
    }
  };

  const trackers: ParsedTracker[] = [];
  const root: Place = { path: [] };
  if (!isObject(document) || !Array.isArray(document.trackers)) {
    checker.problems.push({
      place: root,
      field: 'trackers',
      message: 'Expected an object with a "trackers" array, as exported',
    });
  } else {
    unknownKeys(document, JSON_TOP_KEYS, root);
    if (document.format !== undefined && document.format !== JSON_FORMAT_NAME) {
      checker.add('log', root, 'format', `format must be "${JSON_FORMAT_NAME}"`);
    }
    if (document.version !== undefined && document.version !== JSON_FORMAT_VERSION) {
      checker.add(
        'log',
        root,
        'version',
        `version ${echoed(String(document.version))} is not supported; expected ${JSON_FORMAT_VERSION}`,
      );
    }
    const seen = new Map<string, number>();
    document.trackers.forEach((item: unknown, t: number) => {
      const place: Place = { path: ['trackers', t] };
      if (!isObject(item)) {
        checker.problems.push({ place, field: pathText(place.path), message: 'Each tracker must be an object' });
        return;
      }
      unknownKeys(item, JSON_TRACKER_KEYS, place);
      const tracker: ParsedTracker = { ...checker.tracker(item, place), logs: [] };
      const earlier = seen.get(tracker.fields.name);
      if (earlier !== undefined) {
        checker.add(
          'tracker',
          place,
          'name',
          `name "${echoed(tracker.fields.name)}" is already used by trackers[${earlier}]`,
        );
      }
      seen.set(tracker.fields.name, t);
      trackers.push(tracker);
      const logs = item.logs ?? [];
      if (!Array.isArray(logs)) {
        checker.add('tracker', place, 'logs', 'logs must be an array');
        return;
      }
      logs.forEach((entry: unknown, l: number) => {
        const logPlace: Place = { path: ['trackers', t, 'logs', l] };
        if (!isObject(entry)) {
          checker.problems.push({
            place: logPlace,
            field: pathText(logPlace.path),
            message: 'Each log must be an object',
          });
          return;
        }
        unknownKeys(entry, JSON_LOG_FIELDS, logPlace);
        const log = checker.log(entry, logPlace, tracker.fields.type);
        if (log) tracker.logs.push(log);
      });
    });
  }
  const problems = checker.problems.map((p: PlacedProblem) => {
    const key = 'path' in p.place ? p.field.slice(pathText(p.place.path).length).replace(/^\./, '') : undefined;
    return { line: lineOf(p.place, key || undefined), field: p.field, message: p.message };
  });
  return { trackers, problems, lineOf: (place) => lineOf(place) };
}

function failed(line: number, field: string, message: string): ParsedImport {
  return { trackers: [], problems: [{ line, field, message }], lineOf: () => line };
}
