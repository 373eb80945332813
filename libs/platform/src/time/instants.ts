import { DateTime } from 'luxon';
import { isValidTimeZone } from './zone-offsets';

/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm); seconds and fractions optional. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  if (typeof text !== 'string' || !ISO_WITH_OFFSET.test(text)) return null;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? withinWindow(parsed.toJSDate()) : null;
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
