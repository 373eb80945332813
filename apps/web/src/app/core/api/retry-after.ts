/**
 * `Retry-After` as seconds from now. The header holds either a number of seconds or an HTTP date
 * (RFC 9110 §10.2.3); anything else, or a time already past, gives null.
 */
export function parseRetryAfter(header: string | null, now: Date = new Date()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) > 0 ? Number(value) : null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  const seconds = Math.ceil((at - now.getTime()) / 1000);
  return seconds > 0 ? seconds : null;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A wait as people say it: "30 seconds", "15 minutes", "about 2 hours". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return plural(minutes, 'minute');
  return `about ${plural(Math.round(minutes / 60), 'hour')}`;
}

/** What to tell someone the API has throttled: how long to wait and, for longer waits, until when. */
export function tryAgainMessage(seconds: number, now: Date = new Date()): string {
  const wait = describeWait(seconds);
  if (seconds < 120) return `Too many attempts for now. Please try again in ${wait}.`;
  const at = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(
    new Date(now.getTime() + seconds * 1000),
  );
  return `Too many attempts for now. Please try again in ${wait} (after ${at}).`;
}
