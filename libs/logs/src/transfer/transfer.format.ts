/** The export/import file formats, in one place so both sides agree. */
export type TransferFormat = 'csv' | 'json';

/** The log fields, in file order: CSV columns and JSON keys alike. */
export const LOG_FIELDS = [
  'loggedAt',
  'value',
  'description',
  'emotion',
  'reminderMessage',
  'reminderAt',
  'reminderSentAt',
  'createdAt',
] as const;

/** CSV columns, one row per log; a tracker without logs gets one row with the log columns empty. */
export const CSV_COLUMNS = [
  'tracker',
  'trackerType',
  'trackerDescription',
  'trackerWhatToTrack',
  'trackerUnit',
  'trackerCreatedAt',
  ...LOG_FIELDS,
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns holding free text: guarded against formula injection on export, unguarded on import. */
export const CSV_TEXT_COLUMNS: ReadonlySet<CsvColumn> = new Set([
  'tracker',
  'trackerDescription',
  'trackerWhatToTrack',
  'trackerUnit',
  'description',
  'reminderMessage',
]);

export const JSON_FORMAT_NAME = 'tally-export';
export const JSON_FORMAT_VERSION = 1;

/** JSON export: `{ format, version, exportedAt, trackers: [{ …tracker, logs: [ … ] }] }`. */
export interface JsonTracker {
  name: string;
  type: string;
  description: string | null;
  whatToTrack: string | null;
  unit: string | null;
  createdAt: string;
  logs: JsonLog[];
}

export interface JsonLog {
  loggedAt: string;
  value: number | null;
  description: string | null;
  emotion: string | null;
  reminderMessage: string | null;
  reminderAt: string | null;
  reminderSentAt: string | null;
  createdAt: string;
}
