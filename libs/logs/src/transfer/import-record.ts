import { ErrorDetail, INSTANT_FORMAT_HINT, parseInstant } from '@tally/platform';
import { Emotion } from '../emotion';
import { TrackerType, cleanTrackerFields, TrackerFields, trackerFieldProblems } from '@tally/trackers';
import { decimalFromNumber, decimalFromText } from '../decimal';
import { LogDraft, logTextProblems, logTimeProblems, logTypeProblems } from '../log.rules';
import { ImportProblem } from './import-problems';

/**
 * Where a record sits in the uploaded file: the line it starts on, and for JSON its path and the
 * line of each of its keys' values (a problem with a field is reported on that field's line).
 */
export interface Place {
  line: number;
  path?: Array<string | number>;
  keyLines?: Map<string, number>;
}

export type RecordKind = 'tracker' | 'log';

export interface ParsedLog extends LogDraft {
  reminderSentAt: Date | null;
  createdAt: Date | null;
}

/** A tracker of the file, without its logs (they are read, checked and written as they come). */
export interface ParsedTracker {
  /** Which tracker of the file the logs name: CSV, its name; JSON, its index in `trackers`. */
  key: string | number;
  place: Place;
  fields: TrackerFields;
  createdAt: Date | null;
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

/** What a tracker's type asks of a log that was checked before the type was known (JSON key order). */
export interface TypeCheckLater {
  place: Place;
  valueNull: boolean;
  descriptionNull: boolean;
  /** A value or description that failed to parse is reported once, not again as "missing". */
  valueFailed: boolean;
  descriptionFailed: boolean;
}

/**
 * Checks the trackers and logs of an import with the API's own rules, reporting every problem
 * with its line and the field as the file names it (to `report`), instead of stopping at the first.
 */
export class RecordChecker {
  /** Fields of the log being checked that already have a problem. */
  private failed: Set<string> | null = null;

  constructor(
    private readonly now: Date,
    /** The file's name for a domain field: a CSV column, or a JSON path. */
    private readonly fieldName: (kind: RecordKind, key: string, place: Place) => string,
    private readonly report: (problem: ImportProblem) => void,
  ) {}

  tracker(record: RawRecord, place: Place): Omit<ParsedTracker, 'key'> {
    const fields = cleanTrackerFields({
      name: this.text('tracker', record, 'name', place) ?? '',
      type: (this.text('tracker', record, 'type', place) ?? '') as TrackerType,
      description: this.text('tracker', record, 'description', place),
      whatToTrack: this.text('tracker', record, 'whatToTrack', place),
      unit: this.text('tracker', record, 'unit', place),
    });
    this.addAll('tracker', place, trackerFieldProblems(fields));
    return { place, fields, createdAt: this.instant('tracker', record, 'createdAt', place) };
  }

  /**
   * The log, or null when it has problems (they are reported). `type` is its tracker's if valid,
   * null if not, and undefined when not known yet: then `later` receives what the type check
   * needs, for `checkType` once the type is known.
   */
  log(
    record: RawRecord,
    place: Place,
    type: TrackerType | null | undefined,
    later?: (check: TypeCheckLater) => void,
  ): ParsedLog | null {
    const failed = (this.failed = new Set());
    try {
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
      this.addAll('log', place, logTextProblems(log));
      // History may carry reminders in the past: they are kept, marked sent, never emailed late.
      this.addAll('log', place, logTimeProblems(log, this.now, false));
      const check: TypeCheckLater = {
        place,
        valueNull: log.value === null,
        descriptionNull: log.description === null,
        valueFailed: failed.size > 0 && failed.has(this.fieldName('log', 'value', place)),
        descriptionFailed: failed.size > 0 && failed.has(this.fieldName('log', 'description', place)),
      };
      if (type === undefined) later?.(check);
      else if (type) this.checkType(check, type);
      if (log.reminderAt && !log.reminderSentAt && log.reminderAt <= this.now) log.reminderSentAt = this.now;
      return failed.size ? null : log;
    } finally {
      this.failed = null;
    }
  }

  /** The tracker type's rules for a log (a type the file got wrong was reported already). */
  checkType(check: TypeCheckLater, type: TrackerType): void {
    if (!Object.values(TrackerType).includes(type)) return;
    const draft = { value: check.valueNull ? null : '', description: check.descriptionNull ? null : '' };
    const problems = logTypeProblems(draft, type).filter((p) =>
      p.field === 'value' ? !check.valueFailed : !check.descriptionFailed,
    );
    this.addAll('log', check.place, problems);
  }

  /** Reports a problem; the message's leading domain field name becomes the file's name for it. */
  add(kind: RecordKind, place: Place, key: string, message: string): void {
    const field = this.fieldName(kind, key, place);
    this.failed?.add(field);
    this.report({
      line: place.keyLines?.get(key) ?? place.line,
      field,
      message: message.startsWith(key) ? field + message.slice(key.length) : message,
    });
  }

  private addAll(kind: RecordKind, place: Place, details: ErrorDetail[]) {
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
