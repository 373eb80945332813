import { BadRequestError, StatsBucket, zoneOrUtc } from '@tally/platform';
import { DateTime } from 'luxon';

export const MAX_BUCKETS = 10_000;
const APPROX_BUCKET_DAYS: Record<StatsBucket, number> = { day: 1, week: 7, month: 28 };

export interface BucketStart {
  /** Local date the bucket starts on (YYYY-MM-DD): the key SQL groups by. */
  key: string;
  start: DateTime;
}

/**
 * The local days, ISO weeks (Monday first) or months that [from, to] touches, in the zone. Luxon's
 * calendar arithmetic keeps them at local midnight across DST, so a day may be 23 or 25 hours long.
 */
export function bucketStarts(zoneName: string, bucket: StatsBucket, from: Date, to: Date): BucketStart[] {
  const zone = zoneOrUtc(zoneName);
  const approx = (to.getTime() - from.getTime()) / 86_400_000 / APPROX_BUCKET_DAYS[bucket];
  if (approx > MAX_BUCKETS) {
    const message = `The range holds more than ${MAX_BUCKETS} ${bucket} buckets: narrow from/to or use a larger bucket`;
    throw new BadRequestError(message, [{ field: 'bucket', message }]);
  }
  const starts: BucketStart[] = [];
  let cursor = DateTime.fromJSDate(from, { zone }).startOf(bucket);
  while (cursor.toMillis() <= to.getTime()) {
    starts.push({ key: cursor.toISODate()!, start: cursor });
    cursor = cursor.plus({ [bucket]: 1 }).startOf(bucket);
  }
  return starts;
}
