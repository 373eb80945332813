import { EntityRepository } from '@mikro-orm/mysql';
import { localTimeSql, OffsetSegment, parseSqlDateTime, sqlCount } from '@tally/platform';
import { Emotion } from './emotion';
import { LOGS_BY_TRACKER_TIME } from './log.repository';
import type { LogRollup } from './log-rollup.entity';
import { ROLLUP_SLOT_WIDTHS, RollupSlotWidth } from './rollup-slots';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const EMOTIONS = Object.values(Emotion);
/** Column names come from the enum, never from input. */
const EMOTION_COLUMNS = EMOTIONS.map((emotion) => `emotion_${emotion}`);
const ROLLUP_COLUMNS = `tracker_id, slot_minutes, slot_start, log_count, value_sum, value_min, value_max, ${EMOTION_COLUMNS.join(', ')}`;

/** The slot of the given width (UTC) an instant falls in. */
export function rollupSlotOf(at: Date, width: RollupSlotWidth): Date {
  const ms = width * MINUTE_MS;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** The same in SQL, independent of the session time zone. */
const slotSql = (column: string, width: RollupSlotWidth) =>
  width === 60
    ? `DATE_FORMAT(${column}, '%Y-%m-%d %H:00:00')`
    : `(DATE_FORMAT(${column}, '%Y-%m-%d %H:00:00') + INTERVAL (MINUTE(${column}) DIV ${width} * ${width}) MINUTE)`;

/** What a rollup needs of a log. */
export interface RollupInput {
  loggedAt: Date;
  /** DECIMAL text (at most 4 decimal places). */
  value: string | null;
  emotion: Emotion | null;
}

/** What some logs add to one slot of one width. */
interface RollupDelta {
  width: RollupSlotWidth;
  slotStart: Date;
  count: number;
  sum: string | null;
  min: string | null;
  max: string | null;
  emotions: number[];
}

/** DECIMAL(…,4) text ↔ exact integers of 1/10,000, so sums in Node lose nothing. */
const toUnits = (text: string): bigint => {
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const units = BigInt(`${whole}${fraction.padEnd(4, '0')}`);
  return text.startsWith('-') ? -units : units;
};
const fromUnits = (units: bigint): string => {
  const digits = (units < 0n ? -units : units).toString().padStart(5, '0');
  return `${units < 0n ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
};

/** The rollup rows (every width) that `logs` add up to. */
function rollupDeltas(logs: RollupInput[]): RollupDelta[] {
  const slots = new Map<
    string,
    {
      width: RollupSlotWidth;
      slotStart: Date;
      count: number;
      sum: bigint | null;
      min: bigint | null;
      max: bigint | null;
      emotions: number[];
    }
  >();
  for (const log of logs) {
    const units = log.value === null ? null : toUnits(log.value);
    const emotion = log.emotion === null ? -1 : EMOTIONS.indexOf(log.emotion);
    for (const width of ROLLUP_SLOT_WIDTHS) {
      const slotStart = rollupSlotOf(log.loggedAt, width);
      const key = `${width}:${slotStart.getTime()}`;
      let slot = slots.get(key);
      if (!slot) {
        slot = { width, slotStart, count: 0, sum: null, min: null, max: null, emotions: EMOTIONS.map(() => 0) };
        slots.set(key, slot);
      }
      slot.count++;
      if (units !== null) {
        slot.sum = (slot.sum ?? 0n) + units;
        if (slot.min === null || units < slot.min) slot.min = units;
        if (slot.max === null || units > slot.max) slot.max = units;
      }
      if (emotion >= 0) slot.emotions[emotion]!++;
    }
  }
  const text = (units: bigint | null) => (units === null ? null : fromUnits(units));
  return [...slots.values()].map((s) => ({ ...s, sum: text(s.sum), min: text(s.min), max: text(s.max) }));
}

const deltaRow = (trackerId: number, d: RollupDelta): unknown[] => [
  trackerId,
  d.width,
  d.slotStart,
  d.count,
  d.sum,
  d.min,
  d.max,
  ...d.emotions,
];

/** Aggregates of logs over rows of `logs`, the shape of a rollup row. */
const AGGREGATE_LOGS = `COUNT(*), SUM(value), MIN(value), MAX(value), ${EMOTIONS.map((e) => `SUM(emotion <=> '${e}')`).join(', ')}`;

/** Rollup rows of every width rebuilt from the logs in [from, to) (aligned to whole hours). */
const rebuildSql = ROLLUP_SLOT_WIDTHS.map(
  (width) =>
    `SELECT tracker_id, ${width}, ${slotSql('logged_at', width)} AS slot, ${AGGREGATE_LOGS}
     FROM logs WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ? GROUP BY tracker_id, slot`,
);

/**
 * The widest slot that never straddles a local-day boundary for these offsets: hourly when every
 * offset is whole hours (most zones), half-hourly for India and the like; null for quarter-hour
 * zones (Nepal), which are read from the logs.
 */
export function slotWidthFor(segments: OffsetSegment[]): RollupSlotWidth | null {
  const widest = [...ROLLUP_SLOT_WIDTHS].sort((a, b) => b - a);
  return widest.find((width) => segments.every((s) => s.offsetSeconds % (width * 60) === 0)) ?? null;
}

export type StatsBucket = 'day' | 'week' | 'month';

/** One bucket of aggregates; `bucket` is its local start date (YYYY-MM-DD), null for the grand total. */
export interface AggregateRow {
  bucket: string | null;
  count: number;
  /** DECIMAL text; null for notes or empty. */
  sum: string | null;
  avg: string | null;
  min: string | null;
  max: string | null;
  emotions: Record<Emotion, number>;
}

export interface StreakRow {
  longest: number;
  /** Local date (YYYY-MM-DD) of the last day of the latest run. */
  latestEnd: string;
  latestLength: number;
}

export interface EdgeLog {
  loggedAt: Date;
  value: string | null;
}

const BUCKET_SQL: Record<StatsBucket, (local: string) => string> = {
  day: (local) => `DATE_FORMAT(${local}, '%Y-%m-%d')`,
  week: (local) => `DATE_FORMAT(${local} - INTERVAL WEEKDAY(${local}) DAY, '%Y-%m-%d')`,
  month: (local) => `DATE_FORMAT(${local}, '%Y-%m-01')`,
};

/**
 * The maintained per-slot aggregate behind statistics. Writers keep it exact in the same
 * transaction as the logs; readers aggregate a year in ~35,000 slots instead of every log.
 */
export class LogRollupRepository extends EntityRepository<LogRollup> {
  /**
   * Adds many new logs (imports): aggregated here, where they already are, then upserted a
   * thousand slots at a time. Grouping them again in SQL costs far more when slots hold one log each.
   */
  async addLogs(trackerId: number, logs: RollupInput[]): Promise<void> {
    const deltas = rollupDeltas(logs);
    for (let start = 0; start < deltas.length; start += 1_000) {
      await this.addDeltas(trackerId, deltas.slice(start, start + 1_000));
    }
  }

  /** New logs of several trackers (a batch of log writes), in one upsert. */
  async addLogsOfTrackers(logs: Array<RollupInput & { trackerId: number }>): Promise<void> {
    const byTracker = new Map<number, RollupInput[]>();
    for (const log of logs) {
      const list = byTracker.get(log.trackerId) ?? [];
      list.push(log);
      byTracker.set(log.trackerId, list);
    }
    // Trackers in id order, so two batches lock their rollup rows in the same order.
    const rows = [...byTracker.keys()]
      .sort((a, b) => a - b)
      .flatMap((trackerId) => rollupDeltas(byTracker.get(trackerId)!).map((d) => deltaRow(trackerId, d)));
    for (let start = 0; start < rows.length; start += 1_000) await this.upsertRows(rows.slice(start, start + 1_000));
  }

  private async addDeltas(trackerId: number, deltas: RollupDelta[]): Promise<void> {
    await this.upsertRows(deltas.map((d) => deltaRow(trackerId, d)));
  }

  private async upsertRows(rows: unknown[][]): Promise<void> {
    // One nested-array parameter: sqlstring writes the rows far faster than one `?` each.
    await this.em.execute(
      `INSERT INTO log_rollups (${ROLLUP_COLUMNS}) VALUES ?
       ON DUPLICATE KEY UPDATE
         log_count = log_count + VALUES(log_count),
         value_sum = IF(VALUES(value_sum) IS NULL, value_sum, COALESCE(value_sum, 0) + VALUES(value_sum)),
         value_min = IF(value_min IS NULL OR VALUES(value_min) < value_min, VALUES(value_min), value_min),
         value_max = IF(value_max IS NULL OR VALUES(value_max) > value_max, VALUES(value_max), value_max),
         ${EMOTION_COLUMNS.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`,
      [rows],
      'run',
    );
  }

  /**
   * Recomputes the hours holding these instants, at every width, from the logs (after an edit or a
   * delete, where min/max cannot be updated incrementally). Call while holding the tracker's row lock.
   */
  async recomputeSlots(trackerId: number, instants: Date[]): Promise<void> {
    const hours = [...new Set(instants.map((at) => rollupSlotOf(at, 60).getTime()))];
    for (const hour of hours) await this.recomputeRange(trackerId, new Date(hour), new Date(hour));
  }

  /** Recomputes every slot, of every width, that holds an instant in [from, to] (imports, generators). */
  async recomputeRange(trackerId: number, from: Date, to: Date): Promise<void> {
    const start = rollupSlotOf(from, 60);
    const end = new Date(rollupSlotOf(to, 60).getTime() + HOUR_MS);
    await this.em.execute(
      'DELETE FROM log_rollups WHERE tracker_id = ? AND slot_start >= ? AND slot_start < ?',
      [trackerId, start, end],
      'run',
    );
    await this.em.execute(
      `INSERT INTO log_rollups (${ROLLUP_COLUMNS}) ${rebuildSql.join(' UNION ALL ')}`,
      ROLLUP_SLOT_WIDTHS.flatMap(() => [trackerId, start, end]),
      'run',
    );
  }

  /** First and last slot holding logs, or null for a tracker without logs. */
  async slotBounds(trackerId: number): Promise<{ first: Date; last: Date } | null> {
    const rows = await this.em.execute<{ first: string | null; last: string | null }[]>(
      'SELECT MIN(slot_start) AS first, MAX(slot_start) AS last FROM log_rollups WHERE tracker_id = ? AND slot_minutes = 60',
      [trackerId],
    );
    const row = rows[0];
    if (!row?.first || !row.last) return null;
    return { first: parseSqlDateTime(row.first), last: new Date(parseSqlDateTime(row.last).getTime() + HOUR_MS - 1) };
  }

  /**
   * Count, sum, avg, min, max and emotions of the logs in [from, toExclusive), per local bucket and in
   * total (WITH ROLLUP). Whole slots come from the rollups; the partial slots at either edge come from
   * the logs themselves, so the answer is exact for any range.
   */
  async aggregate(
    trackerId: number,
    range: { from: Date; toExclusive: Date },
    segments: OffsetSegment[],
    bucket: StatsBucket,
  ): Promise<AggregateRow[]> {
    const width = slotWidthFor(segments);
    const slotMs = (width ?? 0) * MINUTE_MS;
    // Without a suitable width, everything comes from the logs (firstWhole ≥ wholeEnd).
    const firstWhole = width ? new Date(Math.ceil(range.from.getTime() / slotMs) * slotMs) : range.toExclusive;
    const wholeEnd = width ? rollupSlotOf(range.toExclusive, width) : range.from;
    const bucketOf = (column: string) => {
      const local = localTimeSql(column, segments);
      const uses = bucket === 'week' ? 2 : 1;
      return { sql: BUCKET_SQL[bucket](local.sql), params: Array.from({ length: uses }, () => local.params).flat() };
    };
    const parts: string[] = [];
    const params: unknown[] = [];
    const rawRanges: Array<[Date, Date]> = [];
    if (firstWhole < wholeEnd) {
      // Whole slots, already grouped by bucket here: the outer query then sums a few hundred rows.
      const key = bucketOf('slot_start');
      parts.push(
        `SELECT ${key.sql} AS bucket, SUM(log_count) AS c, SUM(value_sum) AS s, MIN(value_min) AS mn, MAX(value_max) AS mx,
           ${EMOTION_COLUMNS.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
         FROM log_rollups WHERE tracker_id = ? AND slot_minutes = ? AND slot_start >= ? AND slot_start < ?
         GROUP BY bucket`,
      );
      params.push(...key.params, trackerId, width, firstWhole, wholeEnd);
      if (range.from < firstWhole) rawRanges.push([range.from, firstWhole]);
      if (wholeEnd < range.toExclusive) rawRanges.push([wholeEnd, range.toExclusive]);
    } else {
      rawRanges.push([range.from, range.toExclusive]);
    }
    if (rawRanges.length) {
      // The partial slots at the edges, from the logs themselves.
      const key = bucketOf('logged_at');
      parts.push(
        `SELECT ${key.sql} AS bucket, 1 AS c, value AS s, value AS mn, value AS mx,
           ${EMOTIONS.map((e, i) => `(emotion <=> '${e}') AS ${EMOTION_COLUMNS[i]}`).join(', ')}
         FROM logs ${LOGS_BY_TRACKER_TIME}
         WHERE tracker_id = ? AND (${rawRanges.map(() => '(logged_at >= ? AND logged_at < ?)').join(' OR ')})`,
      );
      params.push(...key.params, trackerId, ...rawRanges.flat());
    }
    const rows = await this.em.execute<Array<Record<string, string | number | null>>>(
      `SELECT u.bucket, SUM(u.c) AS count, SUM(u.s) AS sum, SUM(u.s) / SUM(u.c) AS avg, MIN(u.mn) AS min, MAX(u.mx) AS max,
         ${EMOTION_COLUMNS.map((c) => `SUM(u.${c}) AS ${c}`).join(', ')}
       FROM (${parts.join(' UNION ALL ')}) u
       GROUP BY u.bucket WITH ROLLUP`,
      params,
    );
    return rows.map((row) => ({
      bucket: row.bucket === null ? null : String(row.bucket),
      count: sqlCount(row.count),
      sum: row.sum === null ? null : String(row.sum),
      avg: row.avg === null ? null : String(row.avg),
      min: row.min === null ? null : String(row.min),
      max: row.max === null ? null : String(row.max),
      emotions: Object.fromEntries(EMOTIONS.map((e, i) => [e, sqlCount(row[EMOTION_COLUMNS[i]!])])) as Record<
        Emotion,
        number
      >,
    }));
  }

  /**
   * Runs of consecutive local days with a log, over all time (`segments` must cover it) (gaps and islands with a window
   * function): the longest run and the latest one. Null without logs.
   */
  async streaks(trackerId: number, segments: OffsetSegment[]): Promise<StreakRow | null> {
    const width = slotWidthFor(segments);
    const local = localTimeSql(width ? 'slot_start' : 'logged_at', segments);
    const days = width
      ? `SELECT DISTINCT DATE(${local.sql}) AS d FROM log_rollups WHERE tracker_id = ? AND slot_minutes = ?`
      : `SELECT DISTINCT DATE(${local.sql}) AS d FROM logs WHERE tracker_id = ?`;
    const rows = await this.em.execute<Array<{ longest: number | string; latest_end: string; latest_length: number }>>(
      `WITH days AS (${days}), runs AS (
         SELECT MAX(d) AS last_day, COUNT(*) AS len FROM (
           SELECT d, DATEDIFF(d, '1900-01-01') - ROW_NUMBER() OVER (ORDER BY d) AS grp FROM days
         ) numbered GROUP BY grp
       )
       SELECT (SELECT MAX(len) FROM runs) AS longest, DATE_FORMAT(last_day, '%Y-%m-%d') AS latest_end, len AS latest_length
       FROM runs ORDER BY last_day DESC LIMIT 1`,
      width ? [...local.params, trackerId, width] : [...local.params, trackerId],
    );
    const row = rows[0];
    if (!row) return null;
    return { longest: sqlCount(row.longest), latestEnd: row.latest_end, latestLength: sqlCount(row.latest_length) };
  }

  /** The earliest and latest log in [from, toExclusive) (two index dives). */
  async edges(trackerId: number, from: Date, toExclusive: Date): Promise<{ first: EdgeLog; last: EdgeLog } | null> {
    const rows = await this.em.execute<Array<{ which: string; logged_at: string; value: string | null }>>(
      `(SELECT 'first' AS which, logged_at, value FROM logs ${LOGS_BY_TRACKER_TIME}
         WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ?
         ORDER BY logged_at ASC, id ASC LIMIT 1)
       UNION ALL
       (SELECT 'last' AS which, logged_at, value FROM logs ${LOGS_BY_TRACKER_TIME}
         WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ?
         ORDER BY logged_at DESC, id DESC LIMIT 1)`,
      [trackerId, from, toExclusive, trackerId, from, toExclusive],
    );
    const first = rows.find((r) => r.which === 'first');
    const last = rows.find((r) => r.which === 'last');
    if (!first || !last) return null;
    return {
      first: { loggedAt: parseSqlDateTime(first.logged_at), value: first.value },
      last: { loggedAt: parseSqlDateTime(last.logged_at), value: last.value },
    };
  }
}
