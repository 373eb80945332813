import { ErrorDetail, INSTANT_FORMAT_HINT, parseInstant } from '@tally/platform';
import { Emotion } from '../emotion';
import { TrackerType, cleanTrackerFields, TrackerFields, trackerFieldProblems } from '@tally/trackers';
import { decimalFromNumber, decimalFromText } from '../decimal';
import { LogDraft, logTextProblems, logTimeProblems, logTypeProblems } from '../log.rules';

/** Where a record sits in the uploaded file: a line (CSV), or a JSON path resolved to a line when needed. */
export type Place = { line: number } | { path: Array<string | number> };

export type RecordKind = 'tracker' | 'log';

/** A problem before its line is known. */
export interface PlacedProblem {
  place: Place;
  field: string;
  message: string;
}

export interface ParsedLog extends LogDraft {
  reminderSentAt: Date | null;
  createdAt: Date | null;
}

export interface ParsedTracker {
  place: Place;
  fields: TrackerFields;
  createdAt: Date | null;
  logs: ParsedLog[];
}

/** A record as read from the file, under the domain's field names: text (CSV) or any JSON value. */
export type RawRecord = Record<string, unknown>;

const EMOTIONS = Object.values(Emotion) as string[];

/** How much of the file's own text (a header cell, a key, a name) a problem repeats back. */
export const MAX_ECHOED_LENGTH = 40;

/**
 * The file's text as a problem repeats it: cut to `max` characters and marked with "…" when longer,
 * so a huge cell cannot make the 422 answer huge (a 140 KB header cell made a 560 KB answer).
 */
export function echoed(text: string, max = MAX_ECHOED_LENGTH): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/**
 * Checks the trackers and logs of an import with the API's own rules, collecting every problem
 * with its place and the field as the file names it, instead of stopping at the first.
 */
export class RecordChecker {
  readonly problems: PlacedProblem[] = [];

  constructor(
    private readonly now: Date,
    /** The file's name for a domain field: a CSV column, or a JSON path. */
    private readonly fieldName: (kind: RecordKind, key: string, place: Place) => string,
  ) {}

  tracker(record: RawRecord, place: Place): Omit<ParsedTracker, 'logs'> {
    const fields = cleanTrackerFields({
      name: this.text('tracker', record, 'name', place) ?? '',
      type: (this.text('tracker', record, 'type', place) ?? '') as TrackerType,
      description: this.text('tracker', record, 'description', place),
      whatToTrack: this.text('tracker', record, 'whatToTrack', place),
      unit: this.text('tracker', record, 'unit', place),
    });
    this.report('tracker', place, trackerFieldProblems(fields));
    return { place, fields, createdAt: this.instant('tracker', record, 'createdAt', place) };
  }

  /** The log, or null when it has problems (they are recorded). `type` is its tracker's, if valid. */
  log(record: RawRecord, place: Place, type: TrackerType | null): ParsedLog | null {
    const before = this.problems.length;
    const loggedAt = this.instant('log', record, 'loggedAt', place);
    if (record.loggedAt === undefined || record.loggedAt === null || record.loggedAt === '') {
      this.add('log', place, 'loggedAt', 'loggedAt is required for a log');
    }
    const emotion = this.text('log', record, 'emotion', place);
    if (emotion !== null && !EMOTIONS.includes(emotion)) {
      this.add('log', place, 'emotion', `emotion must be one of: ${EMOTIONS.join(', ')}`);
    }
    const log: ParsedLog = {
      loggedAt: loggedAt ?? this.now,
      value: this.value(record.value, place),
      description: this.text('log', record, 'description', place)?.trim() || null,
      emotion: emotion as Emotion | null,
      reminderMessage: this.text('log', record, 'reminderMessage', place)?.trim() || null,
      reminderAt: this.instant('log', record, 'reminderAt', place),
      reminderSentAt: this.instant('log', record, 'reminderSentAt', place),
      createdAt: this.instant('log', record, 'createdAt', place),
    };
    this.report('log', place, logTextProblems(log));
    // History may carry reminders in the past: they are kept, marked sent, never emailed late.
    this.report('log', place, logTimeProblems(log, this.now, false));
    if (type && Object.values(TrackerType).includes(type)) {
      // A value that failed to parse is reported once, not again as "missing".
      const failed = new Set(this.problems.slice(before).map((p) => p.field));
      const typeProblems = logTypeProblems(log, type).filter((p) => !failed.has(this.fieldName('log', p.field, place)));
      this.report('log', place, typeProblems);
    }
    if (log.reminderAt && !log.reminderSentAt && log.reminderAt <= this.now) log.reminderSentAt = this.now;
    return this.problems.length === before ? log : null;
  }

  /** Records a problem; the message's leading domain field name becomes the file's name for it. */
  add(kind: RecordKind, place: Place, key: string, message: string): void {
    const field = this.fieldName(kind, key, place);
    this.problems.push({
      place,
      field,
      message: message.startsWith(key) ? field + message.slice(key.length) : message,
    });
  }

  private report(kind: RecordKind, place: Place, details: ErrorDetail[]) {
    for (const detail of details) this.add(kind, place, detail.field, detail.message);
  }

  private text(kind: RecordKind, record: RawRecord, key: string, place: Place): string | null {
    const value = record[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'string') return value;
    this.add(kind, place, key, `${key} must be text`);
    return null;
  }

  private instant(kind: RecordKind, record: RawRecord, key: string, place: Place): Date | null {
    const text = this.text(kind, record, key, place);
    if (text === null) return null;
    const parsed = parseInstant(text);
    if (!parsed) this.add(kind, place, key, `${key} must be ${INSTANT_FORMAT_HINT}`);
    return parsed;
  }

  private value(raw: unknown, place: Place): string | null {
    if (raw === undefined || raw === null || raw === '') return null;
    const result = typeof raw === 'string' ? decimalFromText(raw) : decimalFromNumber(raw);
    if (result.ok) return result.text;
    this.add('log', place, 'value', `value ${result.problem}`);
    return null;
  }
}
