import type { Emotion } from '../emotion';
import type { StatsBucket } from '../log-rollup.repository';

export interface StatsBucketView {
  /** Local start of the bucket, ISO 8601 with the zone's offset. */
  start: string;
  count: number;
  /** Numerical trackers only (null for notes); avg/min/max are null for an empty bucket. */
  sum: number | null;
  avg: number | null;
  min: number | null;
  max: number | null;
}

export interface EdgeLogView {
  loggedAt: string;
  value: number | null;
}

export interface StatsView {
  trackerId: number;
  timezone: string;
  bucket: StatsBucket;
  from: string;
  to: string;
  buckets: StatsBucketView[];
  emotions: Record<Emotion, number>;
  totals: {
    count: number;
    sum: number | null;
    avg: number | null;
    min: number | null;
    max: number | null;
    /** The earliest and latest log in the range. */
    first: EdgeLogView | null;
    last: EdgeLogView | null;
  };
  /** Consecutive local days with at least one log, over all time. */
  streak: { current: number; longest: number };
}
