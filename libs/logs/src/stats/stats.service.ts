import { Injectable } from '@nestjs/common';
import { Json, offsetSegments, toZonedIso, UserCache, zoneOrUtc } from '@tally/platform';
import { AggregateRow, LogRollupRepository, StatsBucket } from '../log-rollup.repository';
import { Emotion } from '../emotion';
import {
  TrackerRepository,
  TrackerType,
  resolveTimeRange,
  TimeRange,
  TimeRangeQuery,
  TrackerNotFoundError,
} from '@tally/trackers';
import { DateTime } from 'luxon';
import { bucketStarts } from './buckets';
import { StatsView } from './stats.view';

export interface StatsQuery extends TimeRangeQuery {
  bucket?: StatsBucket;
}

/** The caller as statistics need it: whose data, and which time zone days are counted in. */
export interface StatsUser {
  id: number;
  timezone: string;
}

/**
 * Statistics a user may have cached at once (per cache version). `from`/`to` are exact to the
 * millisecond, so without a bound one user could store an entry per instant (issue 9 item 10);
 * past it, answers are computed and not stored.
 */
export const STATS_ENTRIES_PER_USER = 64;

const num = (text: string | null): number | null => (text === null ? null : Number(text));
const EMPTY_EMOTIONS = (): Record<Emotion, number> =>
  Object.fromEntries(Object.values(Emotion).map((e) => [e, 0])) as Record<Emotion, number>;

/**
 * Tracker statistics, computed by MySQL from the maintained rollups (never by loading logs into
 * Node) and bucketed in the user's zone: Node supplies the zone's UTC offsets, SQL does the rest.
 */
@Injectable()
export class TrackerStatsService {
  constructor(
    private readonly trackers: TrackerRepository,
    private readonly rollups: LogRollupRepository,
    private readonly cache: UserCache,
  ) {}

  /** Cached per user and cache version; see `compute` for the numbers. */
  async get(user: StatsUser, trackerId: number, query: StatsQuery = {}): Promise<StatsView> {
    return JSON.parse((await this.getJson(user, trackerId, query)).toString()) as StatsView;
  }

  /** The same as cached JSON bytes, for the HTTP layer to send as they are. */
  getJson(user: StatsUser, trackerId: number, query: StatsQuery = {}): Promise<Json<StatsView>> {
    const zone = zoneOrUtc(user.timezone);
    const range = resolveTimeRange(query, zone);
    const bucket = query.bucket ?? 'day';
    // Without `to` the answer depends on today (the current streak), so the day is part of the key.
    const today = DateTime.now().setZone(zone).toISODate();
    const parts = [
      'stats',
      trackerId,
      bucket,
      zone,
      range.from?.getTime() ?? '',
      range.to?.getTime() ?? `now:${today}`,
    ];
    return this.cache.getOrLoadJson(user.id, parts, () => this.compute(user.id, zone, trackerId, range, bucket), {
      group: 'stats',
      limit: STATS_ENTRIES_PER_USER,
    });
  }

  async compute(userId: number, zoneName: string, trackerId: number, range: TimeRange, bucket: StatsBucket) {
    const zone = zoneOrUtc(zoneName);
    const tracker = await this.trackers.findOwned(userId, trackerId);
    if (!tracker) throw new TrackerNotFoundError(trackerId);
    const numerical = tracker.type === TrackerType.Numerical;

    const bounds = await this.rollups.slotBounds(trackerId);
    const to = range.to ?? new Date();
    const from = range.from ?? (bounds && bounds.first < to ? bounds.first : to);
    const starts = bucketStarts(zone, bucket, from, to);
    const toExclusive = new Date(to.getTime() + 1);

    const [rows, edges, streak] = await Promise.all([
      this.rollups.aggregate(trackerId, { from, toExclusive }, offsetSegments(zone, from, toExclusive), bucket),
      this.rollups.edges(trackerId, from, toExclusive),
      bounds ? this.rollups.streaks(trackerId, offsetSegments(zone, bounds.first, bounds.last)) : null,
    ]);

    const byKey = new Map<string, AggregateRow>(rows.filter((r) => r.bucket !== null).map((r) => [r.bucket!, r]));
    const total = rows.find((r) => r.bucket === null);
    const today = DateTime.now().setZone(zone);
    const yesterday = today.minus({ days: 1 }).toISODate()!;

    const view: StatsView = {
      trackerId,
      timezone: zone,
      bucket,
      from: toZonedIso(from, zone),
      to: toZonedIso(to, zone),
      buckets: starts.map(({ key, startIso }) => {
        const row = byKey.get(key);
        const count = row?.count ?? 0;
        return {
          start: startIso,
          count,
          sum: numerical ? (num(row?.sum ?? null) ?? 0) : null,
          avg: numerical && count ? num(row!.avg) : null,
          min: numerical && count ? num(row!.min) : null,
          max: numerical && count ? num(row!.max) : null,
        };
      }),
      emotions: total?.emotions ?? EMPTY_EMOTIONS(),
      totals: {
        count: total?.count ?? 0,
        sum: numerical ? (num(total?.sum ?? null) ?? 0) : null,
        avg: numerical && total?.count ? num(total.avg) : null,
        min: numerical && total?.count ? num(total.min) : null,
        max: numerical && total?.count ? num(total.max) : null,
        first: edges ? { loggedAt: edges.first.loggedAt.toISOString(), value: num(edges.first.value) } : null,
        last: edges ? { loggedAt: edges.last.loggedAt.toISOString(), value: num(edges.last.value) } : null,
      },
      streak: {
        // A streak is still current until a whole local day passes without a log.
        current: streak && streak.latestEnd >= yesterday ? streak.latestLength : 0,
        longest: streak?.longest ?? 0,
      },
    };
    return view;
  }
}
