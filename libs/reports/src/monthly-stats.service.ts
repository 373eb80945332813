import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock, zoneOrUtc } from '@tally/platform';
import { monthBounds } from './report-month';

/** One time zone's month: `YYYY-MM` there, and where it lies in UTC. */
export interface ZoneMonth {
  zone: string;
  month: string;
  start: Date;
  end: Date;
}

/** Users per statement: an IN list MariaDB plans well, and a transaction short enough not to hold locks for long. */
export const MONTHLY_STATS_BATCH = 1_000;

/** The zone months of `month` for each zone (the same calendar month everywhere, each in its own zone). */
export function zoneMonths(zones: string[], month: string): ZoneMonth[] {
  return [...new Set(zones)].map((zone) => {
    const { start, end } = monthBounds(month, zoneOrUtc(zone));
    return { zone, month, start, end };
  });
}

/**
 * MonthlyStats for many users in one statement per thousand users: INSERT … SELECT … ON DUPLICATE
 * KEY UPDATE, each user's month taken in their own time zone. The zones' month bounds come from
 * Node (luxon), as a small derived table joined on `users.timezone`, so no CONVERT_TZ and no
 * time zone tables are needed. Only users with at least one log that month get a row; running it
 * again recomputes the figures and leaves `sentAt`/`format` alone.
 *
 * The figures (each user's month, local time):
 * - totalTrackers: trackers the user had at the end of the month; trackersCreated: created within it
 * - totalLogs: logs dated (loggedAt) within it; logsCreated: logs entered (createdAt) within it,
 *   whatever their date (back-dating, imports)
 * - mostUsedTracker(+ log count): most logs dated in the month (ties: the older tracker)
 * - frequentEmotion: the most frequent emotion of those logs (ties: the enum's order), null without any
 * - loginCount: sign-ins within the month (login_events)
 * ReportAssembler.document computes the same for one user; a test holds the two to agreement.
 */
@Injectable()
export class MonthlyStatsService {
  constructor(private readonly em: EntityManager) {}

  /** Computes the month of each user's zone (`months`, one per zone in use) for these users; returns rows written. */
  async compute(months: ZoneMonth[], userIds: number[], now = new Date()): Promise<number> {
    if (!months.length || !userIds.length) return 0;
    let written = 0;
    const ids = [...new Set(userIds)].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += MONTHLY_STATS_BATCH)
      written += await this.computeBatch(months, ids.slice(i, i + MONTHLY_STATS_BATCH), now);
    return written;
  }

  private async computeBatch(months: ZoneMonth[], userIds: number[], now: Date): Promise<number> {
    const zoneRows = months
      .map(() => 'SELECT ? AS tz, ? AS month, CAST(? AS DATETIME(3)) AS start_at, CAST(? AS DATETIME(3)) AS end_at')
      .join(' UNION ALL ');
    const logsOfMonth = `scope s JOIN trackers t ON t.user_id = s.user_id
           JOIN logs l ON l.tracker_id = t.id AND l.logged_at >= s.start_at AND l.logged_at < s.end_at`;
    const sql = `INSERT INTO monthly_stats (user_id, month, total_trackers, trackers_created, total_logs, logs_created,
         most_used_tracker_name, most_used_tracker_log_count, frequent_emotion, login_count, computed_at)
       WITH z AS (${zoneRows}),
       scope AS (
         SELECT u.id AS user_id, z.month, z.start_at, z.end_at
         FROM users u JOIN z ON z.tz = u.timezone
         WHERE u.id IN (${userIds.map(() => '?').join(', ')})
       ),
       per_tracker AS (
         SELECT s.user_id, t.id AS tracker_id, t.name, COUNT(*) AS n FROM ${logsOfMonth}
         GROUP BY s.user_id, t.id, t.name
       ),
       top_tracker AS (
         SELECT user_id, name, n, SUM(n) OVER (PARTITION BY user_id) AS total,
                ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY n DESC, tracker_id) AS rn
         FROM per_tracker
       ),
       per_emotion AS (
         SELECT s.user_id, l.emotion, COUNT(*) AS n FROM ${logsOfMonth}
         WHERE l.emotion IS NOT NULL GROUP BY s.user_id, l.emotion
       ),
       top_emotion AS (
         SELECT user_id, emotion, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY n DESC, emotion) AS rn
         FROM per_emotion
       )
       SELECT s.user_id, s.month,
         (SELECT COUNT(*) FROM trackers t WHERE t.user_id = s.user_id AND t.created_at < s.end_at),
         (SELECT COUNT(*) FROM trackers t
           WHERE t.user_id = s.user_id AND t.created_at >= s.start_at AND t.created_at < s.end_at),
         tt.total,
         (SELECT COUNT(*) FROM trackers t JOIN logs l ON l.tracker_id = t.id
           WHERE t.user_id = s.user_id AND l.created_at >= s.start_at AND l.created_at < s.end_at),
         tt.name, tt.n, te.emotion,
         (SELECT COUNT(*) FROM login_events e WHERE e.user_id = s.user_id AND e.at >= s.start_at AND e.at < s.end_at),
         ?
       FROM scope s
       JOIN top_tracker tt ON tt.user_id = s.user_id AND tt.rn = 1
       LEFT JOIN top_emotion te ON te.user_id = s.user_id AND te.rn = 1
       ON DUPLICATE KEY UPDATE
         total_trackers = VALUES(total_trackers), trackers_created = VALUES(trackers_created),
         total_logs = VALUES(total_logs), logs_created = VALUES(logs_created),
         most_used_tracker_name = VALUES(most_used_tracker_name),
         most_used_tracker_log_count = VALUES(most_used_tracker_log_count),
         frequent_emotion = VALUES(frequent_emotion), login_count = VALUES(login_count), computed_at = VALUES(computed_at)`;
    const params = [...months.flatMap((m) => [m.zone, m.month, m.start, m.end]), ...userIds, now];
    // READ COMMITTED: reading logs and users takes no shared locks, so writers are never held up by it.
    const result = await retryOnDeadlock(() =>
      this.em.transactional((em) => em.execute<{ affectedRows: number }>(sql, params, 'run'), {
        isolationLevel: IsolationLevel.READ_COMMITTED,
      }),
    );
    return result.affectedRows;
  }
}
