import { BadRequestError } from '@tally/platform';
import { DateTime } from 'luxon';
import type { ReportFormat } from './report-setting.entity';

/** `YYYY-MM`, months 01–12. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** One month in the list of reports: what it holds, and whether its report went out. */
export interface ReportMonth {
  /** `YYYY-MM` in the user's time zone. */
  month: string;
  /** Logs dated in the month (local time). */
  totalLogs: number;
  /** Trackers the user had at the end of the month (or now, for the current month). */
  totalTrackers: number;
  /** Local days with at least one log. */
  activeDays: number;
  /** False for the month that is still running in the user's time zone. */
  complete: boolean;
  /** When the monthly report mail went out, and in which format; null until then. */
  sentAt: Date | null;
  format: ReportFormat | null;
}

export class InvalidReportMonthError extends BadRequestError {
  constructor(reason: string) {
    super(`month ${reason}`, [{ field: 'month', message: reason }]);
  }
}

/** A month's instants in a zone: [start, end) in UTC, and its length in days. */
export interface MonthBounds {
  month: string;
  start: Date;
  end: Date;
  days: number;
}

export function isReportMonth(text: unknown): text is string {
  return typeof text === 'string' && MONTH.test(text) && Number(text.slice(0, 4)) >= 1900;
}

/** Where `month` lies in `zone`. */
export function monthBounds(month: string, zone: string): MonthBounds {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone }).startOf('month');
  const end = start.plus({ months: 1 });
  return { month, start: start.toJSDate(), end: end.toJSDate(), days: start.daysInMonth! };
}

/** The month before (`2026-01` → `2025-12`). */
export function previousMonth(month: string): string {
  return DateTime.fromFormat(month, 'yyyy-MM', { zone: 'UTC' }).minus({ months: 1 }).toFormat('yyyy-MM');
}

/** The month `at` falls in, in `zone`. */
export function monthOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
}

/**
 * Checks a month from a request: well formed and not after the current month in the user's zone
 * (the current month is allowed: its report is partial). Throws InvalidReportMonthError (400).
 */
export function checkReportMonth(month: unknown, zone: string, now = new Date()): string {
  if (!isReportMonth(month)) throw new InvalidReportMonthError('must be a month in the form YYYY-MM, e.g. 2026-11');
  if (month > monthOf(now, zone)) throw new InvalidReportMonthError('must not be in the future');
  return month;
}

/** DECIMAL text ↔ exact integers of 1/10,000, so sums of DECIMAL(18,4) lose nothing. */
function toUnits(text: string): bigint {
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const units = BigInt(`${whole}${fraction.padEnd(4, '0').slice(0, 4)}`);
  return text.startsWith('-') ? -units : units;
}

function fromUnits(units: bigint): string {
  const digits = (units < 0n ? -units : units).toString().padStart(5, '0');
  const fraction = digits.slice(-4).replace(/0+$/, '');
  return `${units < 0n ? '-' : ''}${digits.slice(0, -4)}${fraction ? `.${fraction}` : ''}`;
}

/** The exact sum of DECIMAL texts, in its shortest form (`12.5`, `-3`); null when there are none. */
export function sumDecimals(values: Array<string | null>): string | null {
  let total: bigint | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0n) + toUnits(value);
  return total === null ? null : fromUnits(total);
}

/** The longest run of consecutive `true`s. */
export function longestRun(flags: boolean[]): number {
  let longest = 0;
  let run = 0;
  for (const flag of flags) {
    run = flag ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
