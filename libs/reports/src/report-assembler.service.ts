import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { PAGE_LIMITS } from '@tally/contracts';
import { REPORT_TRACKERS_MAX } from './report-document';
import { Emotion, slotWidthFor } from '@tally/logs';
import {
  CursorCodec,
  localTimeSql,
  offsetSegments,
  Page,
  parseSqlDateTime,
  sqlCount,
  zoneOrUtc,
} from '@tally/platform';
import type { ReportDocument, ReportNote, ReportSummary, ReportTracker } from './report-document';
import {
  checkReportMonth,
  longestRun,
  monthBounds,
  monthOf,
  previousMonth,
  ReportMonth,
  sumDecimals,
} from './report-month';
import { ReportFormat } from './report-setting.entity';

/** Notes a report quotes (the most recent of the month). */
export const REPORT_NOTES = 5;

const EMOTIONS = Object.values(Emotion);
/** Column aliases come from the enum, never from input. */
const EMOTION_SUMS = EMOTIONS.map((e) => `SUM(l.emotion <=> '${e}') AS e_${e}`).join(', ');

interface DayRow {
  tracker_id: number;
  day: string;
  n: number | string;
  total: string | null;
  [emotion: `e_${string}`]: number | string;
}

interface TrackerRow {
  id: number;
  name: string;
  type: 'numerical' | 'note';
  unit: string | null;
  created_at: string;
}

/** What one month of one user adds up to, before it becomes a ReportSummary. */
interface MonthFigures {
  logs: number;
  days: boolean[];
  perTracker: Map<number, { count: number; days: boolean[]; daily: Array<Array<string | null>> }>;
  emotions: Map<Emotion, number>;
}

const cursorScope = (userId: number) => `report-months:${userId}`;
const monthKey = (month: string) => new Date(`${month}-01T00:00:00.000Z`);

/**
 * Builds monthly reports from SQL, in the user's time zone (Node supplies the zone's UTC offsets,
 * MySQL does the grouping, as for tracker statistics): `document` is one month's ReportDocument
 * in a few queries, `months` the list of months with logs.
 */
@Injectable()
export class ReportAssembler {
  constructor(
    private readonly em: EntityManager,
    private readonly cursors: CursorCodec,
  ) {}

  /**
   * The report of one month in the user's time zone, null when the user has no data (no log) that
   * month or does not exist. A malformed month or one after the current month is a 400
   * (InvalidReportMonthError); the current month gives a partial report.
   */
  async document(userId: number, month: string, now = new Date()): Promise<ReportDocument | null> {
    const user = await this.user(userId);
    if (!user) return null;
    const zone = user.timezone;
    checkReportMonth(month, zone, now);
    const current = monthBounds(month, zone);
    const previous = monthBounds(previousMonth(month), zone);
    const segments = offsetSegments(zone, previous.start, current.end);
    const local = localTimeSql('l.logged_at', segments);

    const dayRows = await this.em.execute<DayRow[]>(
      `SELECT l.tracker_id, DATE_FORMAT(${local.sql}, '%Y-%m-%d') AS day, COUNT(*) AS n, SUM(l.value) AS total, ${EMOTION_SUMS}
       FROM trackers t JOIN logs l ON l.tracker_id = t.id
       WHERE t.user_id = ? AND l.logged_at >= ? AND l.logged_at < ?
       GROUP BY l.tracker_id, day`,
      [...local.params, userId, previous.start, current.end],
    );
    const figures = {
      current: this.figures(dayRows, month, current.days),
      previous: this.figures(dayRows, previous.month, previous.days),
    };
    if (figures.current.logs === 0) return null;

    const [trackers, counts, notes] = await Promise.all([
      this.em.execute<TrackerRow[]>(
        // All of them: a tracker created later may hold logs dated in the month (an import).
        'SELECT id, name, type, unit, created_at FROM trackers WHERE user_id = ? ORDER BY id',
        [userId],
      ),
      this.em.execute<Array<{ kind: string; current: number | string | null; previous: number | string | null }>>(
        `SELECT 'logs' AS kind, SUM(l.created_at >= ?) AS current, SUM(l.created_at < ?) AS previous
         FROM trackers t JOIN logs l ON l.tracker_id = t.id
         WHERE t.user_id = ? AND l.created_at >= ? AND l.created_at < ?
         UNION ALL
         SELECT 'logins', SUM(at >= ?), SUM(at < ?) FROM login_events WHERE user_id = ? AND at >= ? AND at < ?`,
        [
          ...[current.start, current.start, userId, previous.start, current.end],
          ...[current.start, current.start, userId, previous.start, current.end],
        ],
      ),
      this.em.execute<Array<{ name: string; logged_at: string; description: string; emotion: Emotion | null }>>(
        `SELECT t.name, l.logged_at, l.description, l.emotion
         FROM trackers t JOIN logs l ON l.tracker_id = t.id
         WHERE t.user_id = ? AND l.logged_at >= ? AND l.logged_at < ? AND l.description IS NOT NULL AND l.description <> ''
         ORDER BY l.logged_at DESC, l.id DESC LIMIT ${REPORT_NOTES}`,
        [userId, current.start, current.end],
      ),
    ]);
    const count = (kind: string, which: 'current' | 'previous') =>
      sqlCount(counts.find((row) => row.kind === kind)?.[which]);
    const created = (row: TrackerRow, bounds: typeof current) => {
      const at = parseSqlDateTime(row.created_at);
      return { before: at < bounds.end, within: at >= bounds.start && at < bounds.end };
    };
    const names = new Map(trackers.map((t) => [t.id, t.name]));

    const summary = (which: 'current' | 'previous'): ReportSummary => {
      const bounds = which === 'current' ? current : previous;
      const f = figures[which];
      const most = [...f.perTracker.entries()]
        .filter(([id]) => names.has(id))
        .sort(([a, x], [b, y]) => y.count - x.count || a - b)[0];
      const emotion = [...f.emotions.entries()].sort(([, a], [, b]) => b - a)[0];
      return {
        totalTrackers: trackers.filter((t) => created(t, bounds).before).length,
        trackersCreated: trackers.filter((t) => created(t, bounds).within).length,
        totalLogs: f.logs,
        logsCreated: count('logs', which),
        activeDays: f.days.filter(Boolean).length,
        loginCount: count('logins', which),
        mostUsedTracker: most ? { name: names.get(most[0])!, logCount: most[1].count } : null,
        frequentEmotion: emotion && emotion[1] > 0 ? emotion[0] : null,
        longestStreak: longestRun(f.days),
      };
    };

    const reportTrackers: ReportTracker[] = trackers
      .map((t) => {
        const mine = figures.current.perTracker.get(t.id);
        const before = figures.previous.perTracker.get(t.id);
        const numerical = t.type === 'numerical';
        return {
          id: t.id,
          name: t.name,
          type: t.type,
          unit: t.unit,
          logCount: mine?.count ?? 0,
          previousLogCount: before?.count ?? 0,
          total: numerical ? (sumDecimals(mine?.daily.flat() ?? []) ?? '0') : null,
          previousTotal: numerical ? (sumDecimals(before?.daily.flat() ?? []) ?? '0') : null,
          dailyTotals: numerical
            ? Array.from({ length: current.days }, (_, day) => sumDecimals(mine?.daily[day] ?? []))
            : null,
          longestStreak: mine ? longestRun(mine.days) : 0,
        };
      })
      .filter((t) => t.logCount > 0 || t.previousLogCount > 0)
      .sort(
        (a, b) => b.logCount - a.logCount || b.previousLogCount - a.previousLogCount || a.name.localeCompare(b.name),
      )
      .slice(0, REPORT_TRACKERS_MAX);

    const logsPerDay = Array.from({ length: current.days }, () => 0);
    for (const row of dayRows)
      if (row.day.startsWith(month)) logsPerDay[Number(row.day.slice(8)) - 1]! += sqlCount(row.n);

    return {
      month,
      previousMonth: previous.month,
      user: { username: user.username, timezone: zone },
      days: current.days,
      summary: summary('current'),
      previous: user.createdAt < previous.end ? summary('previous') : null,
      logsPerDay,
      emotions: EMOTIONS.map((emotion) => ({ emotion, count: figures.current.emotions.get(emotion) ?? 0 })).sort(
        (a, b) => b.count - a.count,
      ),
      trackers: reportTrackers,
      notes: notes.map((n): ReportNote => ({
        trackerName: n.name,
        loggedAt: parseSqlDateTime(n.logged_at).toISOString(),
        text: n.description,
        emotion: n.emotion ?? null,
      })),
      computedAt: now.toISOString(),
    };
  }

  /**
   * Months with logs (local time), newest first, cursor-paginated like the other lists. Read from
   * the hourly (or half-hourly) rollups when the zone's offsets suit them, else from the logs.
   */
  async months(
    userId: number,
    page: { limit?: number; cursor?: string } = {},
    now = new Date(),
  ): Promise<Page<ReportMonth>> {
    const limit = Math.min(Math.max(page.limit ?? PAGE_LIMITS.default, 1), PAGE_LIMITS.max);
    const before = page.cursor ? this.cursors.decode(cursorScope(userId), page.cursor).at : null;
    const user = await this.user(userId);
    if (!user) return { items: [], nextCursor: null };
    const zone = user.timezone;

    const span = await this.em.execute<Array<{ first: string | null; last: string | null }>>(
      `SELECT MIN(r.slot_start) AS first, MAX(r.slot_start) AS last
       FROM trackers t JOIN log_rollups r ON r.tracker_id = t.id WHERE t.user_id = ? AND r.slot_minutes = 60`,
      [userId],
    );
    if (!span[0]?.first || !span[0].last) return { items: [], nextCursor: null };
    const segments = offsetSegments(
      zone,
      parseSqlDateTime(span[0].first),
      new Date(parseSqlDateTime(span[0].last).getTime() + 3_600_000),
    );
    const width = slotWidthFor(segments);
    const source = width
      ? {
          from: 'log_rollups r ON r.tracker_id = t.id',
          at: 'r.slot_start',
          count: 'r.log_count',
          where: 'AND r.slot_minutes = ?',
          params: [width],
        }
      : { from: 'logs r ON r.tracker_id = t.id', at: 'r.logged_at', count: '1', where: '', params: [] };
    const local = localTimeSql(source.at, segments);
    const until = before ? monthBounds(before.toISOString().slice(0, 7), zone).start : null;
    const rows = await this.em.execute<Array<{ month: string; logs: number | string; days: number | string }>>(
      `SELECT DATE_FORMAT(${local.sql}, '%Y-%m') AS month, SUM(${source.count}) AS logs,
              COUNT(DISTINCT DATE(${local.sql})) AS days
       FROM trackers t JOIN ${source.from}
       WHERE t.user_id = ? ${source.where} ${until ? `AND ${source.at} < ?` : ''}
       GROUP BY month ORDER BY month DESC LIMIT ?`,
      [...local.params, ...local.params, userId, ...source.params, ...(until ? [until] : []), limit + 1],
    );
    const items = rows.slice(0, limit);
    if (!items.length) return { items: [], nextCursor: null };

    const [trackers, sent] = await Promise.all([
      this.em.execute<Array<{ created_at: string }>>('SELECT created_at FROM trackers WHERE user_id = ?', [userId]),
      this.em.execute<Array<{ month: string; sent_at: string | null; format: ReportFormat | null }>>(
        `SELECT month, sent_at, format FROM monthly_stats WHERE user_id = ? AND month IN (${items.map(() => '?').join(', ')})`,
        [userId, ...items.map((row) => row.month)],
      ),
    ]);
    const created = trackers.map((t) => parseSqlDateTime(t.created_at).getTime());
    const thisMonth = monthOf(now, zone);
    return {
      items: items.map((row) => {
        const stats = sent.find((s) => s.month === row.month);
        const end = monthBounds(row.month, zone).end.getTime();
        return {
          month: row.month,
          totalLogs: sqlCount(row.logs),
          totalTrackers: created.filter((at) => at < end).length,
          activeDays: sqlCount(row.days),
          complete: row.month < thisMonth,
          sentAt: parseSqlDateTime(stats?.sent_at ?? null),
          format: stats?.format ?? null,
        };
      }),
      nextCursor:
        rows.length > limit
          ? this.cursors.encode(cursorScope(userId), { at: monthKey(items[items.length - 1]!.month), id: 0 })
          : null,
    };
  }

  private async user(userId: number) {
    const rows = await this.em.execute<Array<{ username: string; timezone: string; created_at: string }>>(
      'SELECT username, timezone, created_at FROM users WHERE id = ?',
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    return { username: row.username, timezone: zoneOrUtc(row.timezone), createdAt: parseSqlDateTime(row.created_at) };
  }

  /** One month's figures out of the per-tracker, per-day rows. */
  private figures(rows: DayRow[], month: string, days: number): MonthFigures {
    const f: MonthFigures = {
      logs: 0,
      days: Array.from({ length: days }, () => false),
      perTracker: new Map(),
      emotions: new Map(),
    };
    for (const row of rows) {
      if (!row.day.startsWith(month)) continue;
      const day = Number(row.day.slice(8)) - 1;
      const n = sqlCount(row.n);
      f.logs += n;
      f.days[day] = true;
      let tracker = f.perTracker.get(row.tracker_id);
      if (!tracker) {
        tracker = {
          count: 0,
          days: Array.from({ length: days }, () => false),
          daily: Array.from({ length: days }, () => []),
        };
        f.perTracker.set(row.tracker_id, tracker);
      }
      tracker.count += n;
      tracker.days[day] = true;
      tracker.daily[day]!.push(row.total);
      for (const emotion of EMOTIONS)
        f.emotions.set(emotion, (f.emotions.get(emotion) ?? 0) + sqlCount(row[`e_${emotion}`]));
    }
    return f;
  }
}
