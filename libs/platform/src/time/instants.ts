import { DateTime } from 'luxon';
import { isValidTimeZone } from './zone-offsets';

/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm); seconds and fractions optional. */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** What the API accepts, said once so every message agrees. */
export const INSTANT_FORMAT_HINT = 'an ISO 8601 date-time with a time zone offset, e.g. 2025-03-09T08:30:00-04:00';
export const TIME_BOUND_FORMAT_HINT = `${INSTANT_FORMAT_HINT}, or a date such as 2025-03-09`;

/** Instants outside this window are refused: DATETIME's range, and before time zones were tidy. */
export const EARLIEST_INSTANT = new Date('1900-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('9999-01-01T00:00:00.000Z');

export function zoneOrUtc(zone: string | null | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

function withinWindow(date: Date): Date | null {
  return date >= EARLIEST_INSTANT && date < LATEST_INSTANT ? date : null;
}

/**
 * Parses an ISO 8601 date-time that carries its offset; null when the text is not one, names an
 * impossible date (2025-02-30) or lies outside 1900–9998. Sub-millisecond digits are dropped.
 */
export function parseInstant(text: string): Date | null {
  // Plain arithmetic rather than a date library: imports parse a hundred thousand of these.
  const match = typeof text === 'string' ? ISO_WITH_OFFSET.exec(text) : null;
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  if (year! < 1000 || month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return null;
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  const millis = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (match[8]) {
    const [hours, minutes] = [Number(match[9]), Number(match[10])];
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (match[8] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const at = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, millis) - offsetMinutes * 60_000;
  return withinWindow(new Date(at));
}

/**
 * A range bound from a query string: a date-time with offset, or a bare date meaning the start
 * (`from`) or the last millisecond (`to`) of that day in the user's time zone.
 */
export function parseTimeBound(text: string, zone: string, edge: 'start' | 'end'): Date | null {
  if (typeof text !== 'string') return null;
  if (!ISO_DATE.test(text)) return parseInstant(text);
  const day = DateTime.fromISO(text, { zone: zoneOrUtc(zone) });
  if (!day.isValid) return null;
  return withinWindow((edge === 'start' ? day.startOf('day') : day.endOf('day')).toJSDate());
}

/** An instant as ISO 8601 in the given zone, e.g. `2025-03-09T00:00:00.000-05:00`. */
export function toZonedIso(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone: zoneOrUtc(zone) }).toISO()!;
}
