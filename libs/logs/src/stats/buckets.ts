import { BadRequestError, offsetFromSegments, offsetSegments, zoneOrUtc } from '@tally/platform';
import { StatsBucket } from '../log-rollup.repository';

export const MAX_BUCKETS = 10_000;
const DAY_MS = 86_400_000;
const APPROX_BUCKET_DAYS: Record<StatsBucket, number> = { day: 1, week: 7, month: 28 };

export interface BucketStart {
  /** Local date the bucket starts on (YYYY-MM-DD): the key SQL groups by. */
  key: string;
  /** The first instant of the bucket. */
  startMs: number;
  /** The same as ISO 8601 with the zone's offset then, e.g. `2025-03-09T00:00:00.000-05:00`. */
  startIso: string;
}

function isoWithOffset(at: number, offsetSeconds: number, utc: boolean): string {
  const local = new Date(at + offsetSeconds * 1000).toISOString().slice(0, 23);
  if (utc) return `${local}Z`;
  const minutes = Math.abs(Math.round(offsetSeconds / 60));
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${local}${offsetSeconds < 0 ? '-' : '+'}${hhmm}`;
}

/**
 * The local days, ISO weeks (Monday first) or months that [from, to] touches, in the zone. Dates
 * are counted in whole local days, so a day may be 23 or 25 hours long across DST; where local
 * midnight does not exist (clocks jump from 00:00), the day starts at the jump, as Luxon does.
 * Plain arithmetic over the zone's offset segments: a year of days costs microseconds, not Intl calls.
 */
export function bucketStarts(zoneName: string, bucket: StatsBucket, from: Date, to: Date): BucketStart[] {
  const zone = zoneOrUtc(zoneName);
  const approx = (to.getTime() - from.getTime()) / DAY_MS / APPROX_BUCKET_DAYS[bucket];
  if (approx > MAX_BUCKETS) {
    const message = `The range holds more than ${MAX_BUCKETS} ${bucket} buckets: narrow from/to or use a larger bucket`;
    throw new BadRequestError(message, [{ field: 'bucket', message }]);
  }
  // Two days of margin either side: local midnights lie up to ±14 hours from UTC midnight.
  const segments = offsetSegments(zone, new Date(from.getTime() - 2 * DAY_MS), new Date(to.getTime() + 2 * DAY_MS));
  const offset = (at: number) => offsetFromSegments(segments, at);

  /** The first instant whose local date is `day` (days since 1970-01-01). */
  const startOfDay = (day: number): number => {
    const midnight = day * DAY_MS;
    const guess = midnight - offset(midnight) * 1000;
    for (const at of [guess, midnight - offset(guess) * 1000]) {
      if (at + offset(at) * 1000 === midnight) return at;
    }
    // Midnight was skipped: the day begins at the offset change between the two guesses.
    const change = segments.find(
      (s) => s.until && s.until.getTime() > Math.min(guess, midnight - offset(guess) * 1000) - 1,
    );
    return change?.until?.getTime() ?? guess;
  };
  const localDay = (at: number) => Math.floor((at + offset(at) * 1000) / DAY_MS);
  const firstOfBucket = (day: number): number => {
    if (bucket === 'day') return day;
    if (bucket === 'week') return day - ((((day + 3) % 7) + 7) % 7); // 1970-01-01 was a Thursday
    const date = new Date(day * DAY_MS);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
  };
  const nextBucket = (day: number): number => {
    if (bucket === 'day') return day + 1;
    if (bucket === 'week') return day + 7;
    const date = new Date(day * DAY_MS);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
  };

  const utc = zone === 'UTC';
  const starts: BucketStart[] = [];
  for (let day = firstOfBucket(localDay(from.getTime())); ; day = nextBucket(day)) {
    const startMs = startOfDay(day);
    if (startMs > to.getTime()) break;
    starts.push({
      key: new Date(day * DAY_MS).toISOString().slice(0, 10),
      startMs,
      startIso: isoWithOffset(startMs, offset(startMs), utc),
    });
  }
  return starts;
}
