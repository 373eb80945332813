import { addDays, localDate, zonedParts } from './zoned-time';

/**
 * How Tally writes times: always in the user's time zone (their profile's, which days, streaks and
 * reports follow), in the browser's language.
 */
export type WhenStyle = 'datetime' | 'date' | 'time' | 'day' | 'relative' | 'log';

const cache = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(undefined, { timeZone, ...options });
    cache.set(key, formatter);
  }
  return formatter;
}

const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

/** `iso` as people read it in `timeZone`; see WhenStyle. */
export function formatWhen(iso: string | Date, timeZone: string, style: WhenStyle, now = new Date()): string {
  const instant = typeof iso === 'string' ? new Date(iso) : iso;
  switch (style) {
    case 'datetime':
      return format(timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(instant);
    case 'date':
      return format(timeZone, { dateStyle: 'medium' }).format(instant);
    case 'time':
      return format(timeZone, TIME).format(instant);
    case 'day':
      return format(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(instant);
    case 'log':
      return `${dayName(instant, timeZone, now)}, ${format(timeZone, TIME).format(instant)}`;
    case 'relative':
      return relative(instant, timeZone, now);
  }
}

/** "Today", "Yesterday", "Tomorrow", or "Mon 1 Dec" (with the year when it is not this year's). */
function dayName(instant: Date, timeZone: string, now: Date): string {
  const day = localDate(instant, timeZone);
  const today = localDate(now, timeZone);
  if (day === today) return 'Today';
  if (day === addDays(today, -1)) return 'Yesterday';
  if (day === addDays(today, 1)) return 'Tomorrow';
  const sameYear = zonedParts(instant, timeZone).year === zonedParts(now, timeZone).year;
  return format(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  })
    .format(instant)
    .replace(',', '');
}

function relative(instant: Date, timeZone: string, now: Date): string {
  const seconds = Math.round((now.getTime() - instant.getTime()) / 1000);
  if (seconds < 0) return `${dayName(instant, timeZone, now)}, ${format(timeZone, TIME).format(instant)}`;
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 12) return `${hours} h ago`;
  return `${dayName(instant, timeZone, now)}, ${format(timeZone, TIME).format(instant)}`;
}

const numbers = new Map<number, Intl.NumberFormat>();

/** A logged value: up to 4 decimals (the api stores DECIMAL(18,4)), grouped as the language does. */
export function formatNumber(value: number, maxDecimals = 4): string {
  let formatter = numbers.get(maxDecimals);
  if (!formatter) {
    formatter = new Intl.NumberFormat(undefined, { maximumFractionDigits: maxDecimals });
    numbers.set(maxDecimals, formatter);
  }
  return formatter.format(value);
}

/** `5.2 km`, `₹ 120`: the unit after the number, except currency signs, which go before. */
export function withUnit(value: number, unit: string | null | undefined): string {
  const number = formatNumber(value);
  if (!unit) return number;
  return /^\p{Sc}$/u.test(unit) ? `${unit}${number}` : `${number} ${unit}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;
