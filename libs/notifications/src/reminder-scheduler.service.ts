import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock } from '@tally/platform';
import { DateTime } from 'luxon';
import { MailOutbox } from './mail-outbox.service';

/** A reminder is sent at the first tick at or after its local time, and up to this long after (catch-up). */
export const REMINDER_CATCH_UP_MINUTES = 60;

/** What one time zone's clock says at a tick. */
export interface ZoneMoment {
  zone: string;
  /** The local date (YYYY-MM-DD): the reminder's period for daily and weekly alike. */
  date: string;
  /** 0 = Sunday … 6 = Saturday, as NotificationSetting.weekday. */
  weekday: number;
  /** Local wall-clock times (HH:mm): a reminder time t is due when from < t <= to. */
  from: string;
  to: string;
  /** UTC bounds of the local day, and the start of the last 7 days, for "nothing logged". */
  dayStart: Date;
  dayEnd: Date;
  weekStart: Date;
}

/**
 * The local clock of a zone at `now`. Reminder times are compared on the wall clock, so 20:00 is
 * 20:00 local on both sides of a DST change; a time that does not exist that night (02:30 when
 * clocks jump from 02:00 to 03:00) falls inside the window of the first tick after the jump, and
 * a time that happens twice is sent once (one outbox row per user, kind and local date).
 */
export function zoneMoment(zone: string, now: Date): ZoneMoment {
  const local = DateTime.fromJSDate(now, { zone });
  const earlier = DateTime.fromJSDate(new Date(now.getTime() - REMINDER_CATCH_UP_MINUTES * 60_000), { zone });
  const dayStart = local.startOf('day');
  return {
    zone,
    date: local.toISODate()!,
    weekday: local.weekday % 7,
    // A window that reaches back into yesterday starts at midnight: '' sorts before '00:00'.
    from: earlier.toISODate() === local.toISODate() ? earlier.toFormat('HH:mm') : '',
    to: local.toFormat('HH:mm'),
    dayStart: dayStart.toJSDate(),
    dayEnd: dayStart.plus({ days: 1 }).toJSDate(),
    weekStart: new Date(now.getTime() - 7 * 86_400_000),
  };
}

/**
 * Daily and weekly reminders. Each tick decides, in one set-based statement over every time zone
 * in use, which users are due — confirmed and active, reminders on, their local time reached
 * within the catch-up window, the right weekday for weekly, and nothing logged that local day
 * (daily) or in the last 7 days (weekly) — and writes one outbox row each, keyed
 * `reminder:{daily|weekly}:{user}:{local date}`. Rows already there are left alone (INSERT
 * IGNORE), so any number of workers and ticks decide each reminder once; the outbox then queues them.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: MailOutbox,
  ) {}

  /** Decides the reminders due at `now`; returns how many were newly decided. */
  async decide(now: Date): Promise<number> {
    const zones = await this.em.execute<Array<{ timezone: string }>>(
      'SELECT DISTINCT timezone FROM users WHERE active = 1 AND confirmed_at IS NOT NULL',
    );
    if (!zones.length) return 0;
    const moments = zones.map((z) => zoneMoment(z.timezone, now));
    const zoneRows = moments
      .map(
        () =>
          'SELECT ? AS tz, ? AS local_date, ? AS local_weekday, ? AS window_from, ? AS window_to, ? AS day_start, ? AS day_end, ? AS week_start',
      )
      .join(' UNION ALL ');
    const key = "CONCAT('reminder:', d.frequency, ':', d.id, ':', d.local_date)";
    // READ COMMITTED: the SELECT takes no shared locks on users, settings or logs, so a tick never
    // holds up someone's write; a deadlock with another worker's tick is retried.
    const insert = (em: EntityManager) =>
      em.execute<{ affectedRows: number }>(
        `INSERT IGNORE INTO mail_outbox (user_id, \`key\`, payload, created_at)
       SELECT d.id, ${key},
         JSON_OBJECT('template', CONCAT(d.frequency, '-reminder'), 'userId', d.id,
                     'data', JSON_OBJECT('date', d.local_date), 'once', ${key}),
         ?
       FROM (
         SELECT u.id, z.*, COALESCE(ns.frequency, 'daily') AS frequency, COALESCE(ns.\`time\`, '20:00') AS at,
                COALESCE(ns.weekday, 0) AS weekday
         FROM users u
         JOIN (${zoneRows}) z ON z.tz = u.timezone
         LEFT JOIN notification_settings ns ON ns.user_id = u.id
         WHERE u.active = 1 AND u.confirmed_at IS NOT NULL
       ) d
       WHERE d.frequency IN ('daily', 'weekly')
         AND (d.frequency = 'daily' OR d.weekday = d.local_weekday)
         AND d.at > d.window_from AND d.at <= d.window_to
         AND NOT EXISTS (
           SELECT 1 FROM trackers t JOIN logs l ON l.tracker_id = t.id
           WHERE t.user_id = d.id AND l.logged_at < d.day_end
             AND l.logged_at >= IF(d.frequency = 'daily', d.day_start, d.week_start)
         )`,
        [now, ...moments.flatMap((m) => [m.zone, m.date, m.weekday, m.from, m.to, m.dayStart, m.dayEnd, m.weekStart])],
        'run',
      );
    const result = await retryOnDeadlock(() =>
      this.em.transactional(insert, { isolationLevel: IsolationLevel.READ_COMMITTED }),
    );
    return result.affectedRows;
  }

  /** One tick: decide what is due, then hand every unsent outbox row to the queue. */
  async tick(now: Date): Promise<{ decided: number; queued: number }> {
    const decided = await this.decide(now);
    const queued = await this.outbox.enqueuePending(now);
    return { decided, queued };
  }
}
