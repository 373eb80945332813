import { EntityRepository } from '@mikro-orm/mysql';
import { parseSqlDateTime } from '@tally/platform';
import { Emotion } from './emotion';
import type { Log } from './log.entity';

/** The fields a write sets; ids and timestamps are the repository's business. */
export interface LogFields {
  loggedAt: Date;
  /** DECIMAL text: every digit kept. */
  value: string | null;
  description: string | null;
  emotion: Emotion | null;
  reminderMessage: string | null;
  reminderAt: Date | null;
  reminderSentAt?: Date | null;
}

/** A log as the domain reads it. */
export interface LogRow extends LogFields {
  id: number;
  trackerId: number;
  reminderSentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface LogSqlRow {
  id: number;
  tracker_id: number;
  logged_at: string;
  value: string | null;
  description: string | null;
  emotion: Emotion | null;
  reminder_message: string | null;
  reminder_at: string | null;
  reminder_sent_at: string | null;
  created_at: string;
  updated_at: string;
}

const LOG_COLUMNS =
  'id, tracker_id, logged_at, value, description, emotion, reminder_message, reminder_at, reminder_sent_at, created_at, updated_at';

function toLogRow(row: LogSqlRow): LogRow {
  return {
    id: row.id,
    trackerId: row.tracker_id,
    loggedAt: parseSqlDateTime(row.logged_at),
    value: row.value,
    description: row.description,
    emotion: row.emotion,
    reminderMessage: row.reminder_message,
    reminderAt: parseSqlDateTime(row.reminder_at),
    reminderSentAt: parseSqlDateTime(row.reminder_sent_at),
    createdAt: parseSqlDateTime(row.created_at),
    updatedAt: parseSqlDateTime(row.updated_at),
  };
}

export interface LogPageQuery {
  /** Inclusive bounds on loggedAt. */
  from?: Date;
  to?: Date;
  /** Keyset position of the last item of the previous page. */
  after?: { at: Date; id: number };
  limit: number;
}

/**
 * The (tracker_id, logged_at) index, named by the migration. Range reads name it: with a LIMIT and
 * ORDER BY, MariaDB may otherwise pick a plain tracker_id lookup and skip 900,000 rows to reach a
 * deep page (1.5 s instead of 1 ms; quality.md P4).
 */
export const LOGS_BY_TRACKER_TIME = 'FORCE INDEX (logs_tracker_id_logged_at_index)';

/** The written columns in the order the statements below name them. */
const fieldParams = (log: LogFields) => [
  log.loggedAt,
  log.value,
  log.description,
  log.emotion,
  log.reminderMessage,
  log.reminderAt,
];

/** Rows per multi-row INSERT: large enough to be fast, small enough for max_allowed_packet. */
const INSERT_BATCH = 1_000;

export class LogRepository extends EntityRepository<Log> {
  /**
   * Inserts new logs of several trackers in one multi-row INSERT (a batch of log writes; the caller
   * holds the trackers' locks and has checked them) and returns their ids in order. InnoDB gives
   * the rows of one multi-row INSERT VALUES (a "simple insert": its row count is known up front)
   * one block of ids, `step` apart (@@auto_increment_increment), in every innodb_autoinc_lock_mode.
   */
  async insertBatch(logs: Array<{ trackerId: number; log: LogFields; now: Date }>, step: number): Promise<number[]> {
    const result = await this.em.execute<{ insertId: number; affectedRows: number }>(
      `INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value, description, emotion, reminder_message, reminder_at)
       VALUES ?`,
      [logs.map(({ trackerId, log, now }) => [now, now, trackerId, ...fieldParams(log)])],
      'run',
    );
    if (result.affectedRows !== logs.length) throw new Error(`Inserted ${result.affectedRows} of ${logs.length} logs`);
    return logs.map((_, i) => result.insertId + i * step);
  }

  /** Appends many logs to one tracker with multi-row INSERTs (imports). */
  async appendMany(trackerId: number, logs: Array<LogFields & { createdAt?: Date }>, now: Date): Promise<void> {
    for (let start = 0; start < logs.length; start += INSERT_BATCH) {
      const rows = logs
        .slice(start, start + INSERT_BATCH)
        .map((log) => [log.createdAt ?? now, now, trackerId, ...fieldParams(log), log.reminderSentAt ?? null]);
      // One nested-array parameter: sqlstring writes the rows far faster than one `?` each.
      await this.em.execute(
        `INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value, description, emotion, reminder_message, reminder_at, reminder_sent_at)
         VALUES ?`,
        [rows],
        'run',
      );
    }
  }

  async findInTracker(trackerId: number, logId: number): Promise<LogRow | null> {
    const rows = await this.em.execute<LogSqlRow[]>(`SELECT ${LOG_COLUMNS} FROM logs WHERE id = ? AND tracker_id = ?`, [
      logId,
      trackerId,
    ]);
    return rows[0] ? toLogRow(rows[0]) : null;
  }

  /** Rewrites a log's fields. Changing the reminder time clears `reminderSentAt` (it is due again). */
  async rewrite(logId: number, log: LogFields & { reminderSentAt: Date | null }, now: Date): Promise<void> {
    await this.em.execute(
      `UPDATE logs SET logged_at = ?, value = ?, description = ?, emotion = ?, reminder_message = ?, reminder_at = ?,
         reminder_sent_at = ?, updated_at = ? WHERE id = ?`,
      [...fieldParams(log), log.reminderSentAt, now, logId],
      'run',
    );
  }

  async deleteById(logId: number): Promise<void> {
    await this.em.execute('DELETE FROM logs WHERE id = ?', [logId], 'run');
  }

  /**
   * Newest first, keyset-paginated on (logged_at, id): the (tracker_id, logged_at) index, with the
   * primary key InnoDB appends to it, serves any page as fast as the first (quality.md P4).
   */
  async listPage(trackerId: number, query: LogPageQuery): Promise<LogRow[]> {
    const where = ['tracker_id = ?'];
    const params: unknown[] = [trackerId];
    if (query.from) {
      where.push('logged_at >= ?');
      params.push(query.from);
    }
    if (query.to) {
      where.push('logged_at <= ?');
      params.push(query.to);
    }
    if (query.after) {
      // The first condition is a plain range the index can seek to; the second breaks ties.
      where.push('logged_at <= ?', '(logged_at < ? OR id < ?)');
      params.push(query.after.at, query.after.at, query.after.id);
    }
    params.push(query.limit);
    const rows = await this.em.execute<LogSqlRow[]>(
      `SELECT ${LOG_COLUMNS} FROM logs ${LOGS_BY_TRACKER_TIME} WHERE ${where.join(' AND ')}
       ORDER BY logged_at DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(toLogRow);
  }

  /**
   * All of a tracker's logs up to id `upToId`, oldest first, in keyset batches: constant memory for
   * exports. Each batch is its own short query (no transaction is held between them: the caller
   * may wait on a slow client). Small batches die young: with 2,000 rows each batch outlived two
   * scavenges while it was written out, was promoted, and the old generation swelled by ~170 MB
   * before a full GC (500: +10 MB).
   */
  async *streamTracker(trackerId: number, upToId: number, batchSize = 500): AsyncGenerator<LogRow[]> {
    let after: { at: Date; id: number } | null = null;
    for (;;) {
      const params: unknown[] = [trackerId, upToId];
      let keyset = '';
      if (after) {
        keyset = 'AND logged_at >= ? AND (logged_at > ? OR id > ?)';
        params.push(after.at, after.at, after.id);
      }
      params.push(batchSize);
      const rows = await this.em.execute<LogSqlRow[]>(
        `SELECT ${LOG_COLUMNS} FROM logs ${LOGS_BY_TRACKER_TIME} WHERE tracker_id = ? AND id <= ? ${keyset}
         ORDER BY logged_at ASC, id ASC LIMIT ?`,
        params,
      );
      if (!rows.length) return;
      const batch = rows.map(toLogRow);
      yield batch;
      if (rows.length < batchSize) return;
      const last = batch[batch.length - 1]!;
      after = { at: last.loggedAt, id: last.id };
    }
  }

  /**
   * Claims a log's reminder for sending: marks it sent if it is still set to `reminderAt` and not
   * sent yet. One claimant wins however many jobs race; returns the owner, or null when there is
   * nothing to send (log deleted, reminder moved or cleared, or already sent).
   */
  async claimReminder(logId: number, reminderAt: Date, now: Date): Promise<{ userId: number } | null> {
    const result = await this.em.execute<{ affectedRows: number }>(
      'UPDATE logs SET reminder_sent_at = ? WHERE id = ? AND reminder_at = ? AND reminder_sent_at IS NULL',
      [now, logId, reminderAt],
      'run',
    );
    if (result.affectedRows !== 1) return null;
    const rows = await this.em.execute<Array<{ user_id: number }>>(
      'SELECT t.user_id FROM logs l JOIN trackers t ON t.id = l.tracker_id WHERE l.id = ?',
      [logId],
    );
    return rows[0] ? { userId: rows[0].user_id } : null;
  }

  /** Reminders due by `until` and not sent, oldest first (the (reminder_sent_at, reminder_at) index). */
  async dueReminders(until: Date, limit: number): Promise<Array<{ logId: number; reminderAt: Date }>> {
    const rows = await this.em.execute<Array<{ id: number; reminder_at: string }>>(
      `SELECT id, reminder_at FROM logs WHERE reminder_sent_at IS NULL AND reminder_at <= ?
       ORDER BY reminder_at LIMIT ?`,
      [until, limit],
    );
    return rows.map((row) => ({ logId: row.id, reminderAt: parseSqlDateTime(row.reminder_at) }));
  }

  /** What an event reminder mail says: the log's message and time, and its tracker. */
  async reminderDetails(logId: number): Promise<ReminderDetails | null> {
    const rows = await this.em.execute<
      Array<{
        message: string | null;
        reminder_at: string | null;
        tracker_id: number;
        tracker_name: string;
        user_id: number;
      }>
    >(
      `SELECT l.reminder_message AS message, l.reminder_at, l.tracker_id, t.name AS tracker_name, t.user_id
       FROM logs l JOIN trackers t ON t.id = l.tracker_id WHERE l.id = ?`,
      [logId],
    );
    const row = rows[0];
    if (!row || row.message === null || row.reminder_at === null) return null;
    return {
      userId: row.user_id,
      trackerId: row.tracker_id,
      trackerName: row.tracker_name,
      message: row.message,
      reminderAt: parseSqlDateTime(row.reminder_at),
    };
  }

  /** The highest log id so far: an export includes no log created after it started. */
  async lastId(): Promise<number> {
    const rows = await this.em.execute<Array<{ id: number | null }>>('SELECT MAX(id) AS id FROM logs');
    return Number(rows[0]?.id ?? 0);
  }
}

export interface ReminderDetails {
  userId: number;
  trackerId: number;
  trackerName: string;
  message: string;
  reminderAt: Date;
}
