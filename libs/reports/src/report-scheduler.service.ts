import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { MailOutbox, zoneMoment } from '@tally/notifications';
import { zoneOrUtc } from '@tally/platform';
import { MonthlyStatsService, MONTHLY_STATS_BATCH, ZoneMonth, zoneMonths } from './monthly-stats.service';
import { previousMonth } from './report-month';

/** Reports go out on the 1st at this local time (product.md §3). */
export const REPORT_TIME = '20:00';

/**
 * The month whose report is due in `zone` at `now`, or null: on the 1st, at the first tick at or
 * after 20:00 local and within the reminders' catch-up window, compared on the wall clock exactly
 * as reminders are (so DST never moves it, and a 20:00 that does not exist still comes once).
 */
export function reportDue(zone: string, now: Date): ZoneMonth | null {
  // A zone the runtime does not know (never written by the API) counts as UTC, as everywhere else.
  const moment = zoneMoment(zoneOrUtc(zone), now);
  if (!moment.date.endsWith('-01') || !(REPORT_TIME > moment.from && REPORT_TIME <= moment.to)) return null;
  return zoneMonths([zone], previousMonth(moment.date.slice(0, 7)))[0]!;
}

/**
 * The monthly report schedule. Each tick finds the zones where it is the 1st at 20:00, computes
 * last month's MonthlyStats for their users set-based (a thousand users per statement), then
 * decides one mail per user and month in one INSERT … SELECT into the mail outbox, keyed
 * `report:{userId}:{YYYY-MM}` — only for active users with a confirmed address, a report format
 * other than `off`, and logs that month. The outbox's unique key makes the decision once however
 * many workers and ticks race; the outbox then queues it with that key as jobId.
 */
@Injectable()
export class ReportScheduler {
  constructor(
    private readonly em: EntityManager,
    private readonly stats: MonthlyStatsService,
    private readonly outbox: MailOutbox,
  ) {}

  /** Computes and decides the reports due at `now`; returns how many mails were newly decided. */
  async decide(now: Date): Promise<{ computed: number; decided: number }> {
    const zones = await this.em.execute<Array<{ timezone: string }>>(
      'SELECT DISTINCT timezone FROM users WHERE active = 1',
    );
    const due = zones.map((z) => reportDue(z.timezone, now)).filter((m): m is ZoneMonth => m !== null);
    let computed = 0;
    let decided = 0;
    for (const month of new Set(due.map((m) => m.month))) {
      const months = due.filter((m) => m.month === month);
      const inZones = `u.timezone IN (${months.map(() => '?').join(', ')})`;
      const zoneNames = months.map((m) => m.zone);
      // Users without the month's row yet (each tick in the window only picks up who is left).
      for (let after = 0; ;) {
        const batch = await this.em.execute<Array<{ id: number }>>(
          `SELECT u.id FROM users u
           WHERE u.active = 1 AND ${inZones} AND u.id > ?
             AND NOT EXISTS (SELECT 1 FROM monthly_stats ms WHERE ms.user_id = u.id AND ms.month = ?)
           ORDER BY u.id LIMIT ${MONTHLY_STATS_BATCH}`,
          [...zoneNames, after, month],
        );
        if (!batch.length) break;
        const ids = batch.map((row) => row.id);
        await this.stats.compute(months, ids, now);
        computed += ids.length;
        after = ids[ids.length - 1]!;
      }
      const key = "CONCAT('report:', ms.user_id, ':', ms.month)";
      decided += await this.outbox.addSelected(
        `SELECT ms.user_id, ${key},
           JSON_OBJECT('template', 'monthly-report', 'userId', ms.user_id, 'data', JSON_OBJECT('month', ms.month),
                       'once', ${key}),
           ?
         FROM monthly_stats ms
         JOIN users u ON u.id = ms.user_id
         LEFT JOIN report_settings rs ON rs.user_id = u.id
         WHERE ms.month = ? AND ${inZones} AND u.active = 1 AND u.confirmed_at IS NOT NULL
           AND COALESCE(rs.format, 'pdf') <> 'off' AND ms.total_logs > 0 AND ms.sent_at IS NULL`,
        [now, month, ...zoneNames],
      );
    }
    return { computed, decided };
  }
}
