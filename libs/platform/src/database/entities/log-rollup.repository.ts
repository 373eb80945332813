import { EntityRepository } from '@mikro-orm/mysql';
import { localTimeSql, OffsetSegment } from '../../time';
import { parseSqlDateTime, sqlCount } from '../sql-values';
import { Emotion } from './enums';
import type { LogRollup } from './log-rollup.entity';

const SLOT_MS = 15 * 60 * 1000;
const EMOTIONS = Object.values(Emotion);
/** Column names come from the enum, never from input. */
const EMOTION_COLUMNS = EMOTIONS.map((emotion) => `emotion_${emotion}`);
const ROLLUP_COLUMNS = `tracker_id, slot_start, log_count, value_sum, value_min, value_max, ${EMOTION_COLUMNS.join(', ')}`;

/** The slot (UTC, 15 minutes) an instant falls in. */
export function rollupSlotOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / SLOT_MS) * SLOT_MS);
}

/** The same in SQL, independent of the session time zone. */
const slotSql = (column: string) =>
  `(DATE_FORMAT(${column}, '%Y-%m-%d %H:00:00') + INTERVAL (MINUTE(${column}) DIV 15 * 15) MINUTE)`;

/** Aggregates of logs over rows of `logs`, the shape of a rollup row. */
const AGGREGATE_LOGS = `COUNT(*), SUM(value), MIN(value), MAX(value), ${EMOTIONS.map((e) => `SUM(emotion <=> '${e}')`).join(', ')}`;

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
  /** Adds one new log to its slot (the hot path: a single upsert). */
  async addLog(trackerId: number, loggedAt: Date, value: string | null, emotion: Emotion | null): Promise<void> {
    await this.em.execute(
      `INSERT INTO log_rollups (${ROLLUP_COLUMNS}) VALUES (?, ?, 1, ?, ?, ?, ${EMOTIONS.map(() => '?').join(', ')})
       ON DUPLICATE KEY UPDATE
         log_count = log_count + 1,
         value_sum = IF(VALUES(value_sum) IS NULL, value_sum, COALESCE(value_sum, 0) + VALUES(value_sum)),
         value_min = IF(value_min IS NULL OR VALUES(value_min) < value_min, VALUES(value_min), value_min),
         value_max = IF(value_max IS NULL OR VALUES(value_max) > value_max, VALUES(value_max), value_max),
         ${EMOTION_COLUMNS.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`,
      [trackerId, rollupSlotOf(loggedAt), value, value, value, ...EMOTIONS.map((e) => (e === emotion ? 1 : 0))],
      'run',
    );
  }

  /**
   * Recomputes the given slots from the logs (after an edit or delete, where min/max cannot be
   * updated incrementally). Call while holding the tracker's row lock.
   */
  async recomputeSlots(trackerId: number, instants: Date[]): Promise<void> {
    const slots = [...new Set(instants.map((at) => rollupSlotOf(at).getTime()))].map((ms) => new Date(ms));
    if (!slots.length) return;
    await this.em.execute(
      `DELETE FROM log_rollups WHERE tracker_id = ? AND slot_start IN (${slots.map(() => '?').join(', ')})`,
      [trackerId, ...slots],
      'run',
    );
    const ranges = slots.map(() => '(logged_at >= ? AND logged_at < ?)').join(' OR ');
    await this.em.execute(
      `INSERT INTO log_rollups (${ROLLUP_COLUMNS})
       SELECT tracker_id, ${slotSql('logged_at')} AS slot, ${AGGREGATE_LOGS}
       FROM logs WHERE tracker_id = ? AND (${ranges}) GROUP BY tracker_id, slot`,
      [trackerId, ...slots.flatMap((slot) => [slot, new Date(slot.getTime() + SLOT_MS)])],
      'run',
    );
  }

  /** Recomputes every slot that holds an instant in [from, to] (imports, data generators). */
  async recomputeRange(trackerId: number, from: Date, to: Date): Promise<void> {
    const start = rollupSlotOf(from);
    const end = new Date(rollupSlotOf(to).getTime() + SLOT_MS);
    await this.em.execute('DELETE FROM log_rollups WHERE tracker_id = ? AND slot_start >= ? AND slot_start < ?', [
      trackerId,
      start,
      end,
    ]);
    await this.em.execute(
      `INSERT INTO log_rollups (${ROLLUP_COLUMNS})
       SELECT tracker_id, ${slotSql('logged_at')} AS slot, ${AGGREGATE_LOGS}
       FROM logs WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ? GROUP BY tracker_id, slot`,
      [trackerId, start, end],
      'run',
    );
  }

  /** First and last slot holding logs, or null for a tracker without logs. */
  async slotBounds(trackerId: number): Promise<{ first: Date; last: Date } | null> {
    const rows = await this.em.execute<{ first: string | null; last: string | null }[]>(
      'SELECT MIN(slot_start) AS first, MAX(slot_start) AS last FROM log_rollups WHERE tracker_id = ?',
      [trackerId],
    );
    const row = rows[0];
    if (!row?.first || !row.last) return null;
    return { first: parseSqlDateTime(row.first), last: new Date(parseSqlDateTime(row.last).getTime() + SLOT_MS - 1) };
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
    const firstWhole = new Date(Math.ceil(range.from.getTime() / SLOT_MS) * SLOT_MS);
    const wholeEnd = rollupSlotOf(range.toExclusive);
    const parts: string[] = [];
    const params: unknown[] = [];
    const rawRanges: Array<[Date, Date]> = [];
    if (firstWhole < wholeEnd) {
      parts.push(
        `SELECT slot_start AS ts, log_count AS c, value_sum AS s, value_min AS mn, value_max AS mx, ${EMOTION_COLUMNS.join(', ')}
         FROM log_rollups WHERE tracker_id = ? AND slot_start >= ? AND slot_start < ?`,
      );
      params.push(trackerId, firstWhole, wholeEnd);
      if (range.from < firstWhole) rawRanges.push([range.from, firstWhole]);
      if (wholeEnd < range.toExclusive) rawRanges.push([wholeEnd, range.toExclusive]);
    } else {
      rawRanges.push([range.from, range.toExclusive]);
    }
    if (rawRanges.length) {
      parts.push(
        `SELECT logged_at AS ts, 1 AS c, value AS s, value AS mn, value AS mx,
           ${EMOTIONS.map((e, i) => `(emotion <=> '${e}') AS ${EMOTION_COLUMNS[i]}`).join(', ')}
         FROM logs WHERE tracker_id = ? AND (${rawRanges.map(() => '(logged_at >= ? AND logged_at < ?)').join(' OR ')})`,
      );
      params.push(trackerId, ...rawRanges.flat());
    }
    const local = localTimeSql('u.ts', segments);
    const rows = await this.em.execute<Array<Record<string, string | number | null>>>(
      `SELECT ${BUCKET_SQL[bucket]('w.lt')} AS bucket, SUM(w.c) AS count, SUM(w.s) AS sum, SUM(w.s) / SUM(w.c) AS avg,
         MIN(w.mn) AS min, MAX(w.mx) AS max, ${EMOTION_COLUMNS.map((c) => `SUM(w.${c}) AS ${c}`).join(', ')}
       FROM (SELECT ${local.sql} AS lt, u.* FROM (${parts.join(' UNION ALL ')}) u) w
       GROUP BY bucket WITH ROLLUP`,
      [...local.params, ...params],
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
   * Runs of consecutive local days with a log, over all time (gaps and islands with a window
   * function): the longest run and the latest one. Null without logs.
   */
  async streaks(trackerId: number, segments: OffsetSegment[]): Promise<StreakRow | null> {
    const local = localTimeSql('slot_start', segments);
    const rows = await this.em.execute<Array<{ longest: number | string; latest_end: string; latest_length: number }>>(
      `WITH days AS (
         SELECT DISTINCT DATE(${local.sql}) AS d FROM log_rollups WHERE tracker_id = ?
       ), runs AS (
         SELECT MAX(d) AS last_day, COUNT(*) AS len FROM (
           SELECT d, DATEDIFF(d, '1900-01-01') - ROW_NUMBER() OVER (ORDER BY d) AS grp FROM days
         ) numbered GROUP BY grp
       )
       SELECT (SELECT MAX(len) FROM runs) AS longest, DATE_FORMAT(last_day, '%Y-%m-%d') AS latest_end, len AS latest_length
       FROM runs ORDER BY last_day DESC LIMIT 1`,
      [...local.params, trackerId],
    );
    const row = rows[0];
    if (!row) return null;
    return { longest: sqlCount(row.longest), latestEnd: row.latest_end, latestLength: sqlCount(row.latest_length) };
  }

  /** The earliest and latest log in [from, toExclusive) (two index dives). */
  async edges(trackerId: number, from: Date, toExclusive: Date): Promise<{ first: EdgeLog; last: EdgeLog } | null> {
    const rows = await this.em.execute<Array<{ which: string; logged_at: string; value: string | null }>>(
      `(SELECT 'first' AS which, logged_at, value FROM logs WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ?
         ORDER BY logged_at ASC, id ASC LIMIT 1)
       UNION ALL
       (SELECT 'last' AS which, logged_at, value FROM logs WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ?
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
