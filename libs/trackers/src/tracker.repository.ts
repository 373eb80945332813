import { IsolationLevel, LockMode } from '@mikro-orm/core';
import { EntityRepository } from '@mikro-orm/mysql';
import { parseSqlDateTime, sqlCount } from '@tally/platform';
import { TrackerType } from './tracker-type';
import type { Tracker } from './tracker.entity';

/** A tracker with what the list shows about its logs. */
export interface TrackerSummaryRow extends Pick<
  Tracker,
  'id' | 'name' | 'description' | 'type' | 'whatToTrack' | 'unit' | 'createdAt' | 'updatedAt'
> {
  logCount: number;
  lastLoggedAt: Date | null;
  /** DECIMAL text of the latest log's value; null for notes or without logs. */
  lastValue: string | null;
}

interface SummarySqlRow {
  id: number;
  name: string;
  description: string | null;
  type: TrackerType;
  what_to_track: string | null;
  unit: string | null;
  created_at: string;
  updated_at: string;
  log_count: string | number | null;
  last_logged_at: string | null;
  last_value: string | null;
}

/**
 * One statement for any number of trackers (no N+1): the count comes from the maintained rollups,
 * the latest log from one index dive per tracker on (tracker_id, logged_at).
 */
const SUMMARY_SELECT = `
  SELECT t.id, t.name, t.description, t.type, t.what_to_track, t.unit, t.created_at, t.updated_at,
    (SELECT COALESCE(SUM(r.log_count), 0) FROM log_rollups r WHERE r.tracker_id = t.id AND r.slot_minutes = 60) AS log_count,
    l.logged_at AS last_logged_at, l.value AS last_value
  FROM trackers t
  LEFT JOIN logs l ON l.id = (
    SELECT l2.id FROM logs l2 WHERE l2.tracker_id = t.id ORDER BY l2.logged_at DESC, l2.id DESC LIMIT 1
  )`;

function toSummary(row: SummarySqlRow): TrackerSummaryRow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    whatToTrack: row.what_to_track,
    unit: row.unit,
    createdAt: parseSqlDateTime(row.created_at),
    updatedAt: parseSqlDateTime(row.updated_at),
    logCount: sqlCount(row.log_count),
    lastLoggedAt: parseSqlDateTime(row.last_logged_at),
    lastValue: row.last_value,
  };
}

export class TrackerRepository extends EntityRepository<Tracker> {
  /** One page of the user's trackers, most recently updated first (keyset on updatedAt, id). */
  async listSummaries(
    userId: number,
    page: { after?: { at: Date; id: number }; limit: number },
  ): Promise<TrackerSummaryRow[]> {
    const params: unknown[] = [userId];
    let keyset = '';
    if (page.after) {
      keyset = 'AND (t.updated_at < ? OR (t.updated_at = ? AND t.id < ?))';
      params.push(page.after.at, page.after.at, page.after.id);
    }
    params.push(page.limit);
    const rows = await this.em.execute<SummarySqlRow[]>(
      `${SUMMARY_SELECT} WHERE t.user_id = ? ${keyset} ORDER BY t.updated_at DESC, t.id DESC LIMIT ?`,
      params,
    );
    return rows.map(toSummary);
  }

  async findSummary(userId: number, trackerId: number): Promise<TrackerSummaryRow | null> {
    const rows = await this.em.execute<SummarySqlRow[]>(`${SUMMARY_SELECT} WHERE t.id = ? AND t.user_id = ?`, [
      trackerId,
      userId,
    ]);
    return rows[0] ? toSummary(rows[0]) : null;
  }

  /** The user's tracker, or null when it does not exist or belongs to someone else. */
  findOwned(userId: number, trackerId: number): Promise<Tracker | null> {
    return this.findOne({ id: trackerId, user: userId });
  }

  /**
   * Like findOwned, and locks the row until the transaction ends. Every write that rewrites a
   * tracker's logs takes this lock first: log inserts need a shared lock on it (foreign key), so
   * while it is held the tracker's logs and rollups cannot change under us.
   */
  lockOwned(userId: number, trackerId: number): Promise<Tracker | null> {
    return this.findOne({ id: trackerId, user: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /** The user's tracker with this name as MySQL compares names (ignoring case and accents). */
  async findByName(userId: number, name: string): Promise<{ id: number; type: TrackerType } | null> {
    const rows = await this.em.execute<Array<{ id: number; type: TrackerType }>>(
      'SELECT id, type FROM trackers WHERE user_id = ? AND name = ?',
      [userId, name],
    );
    return rows[0] ?? null;
  }

  async hasLogs(trackerId: number): Promise<boolean> {
    const rows = await this.em.execute('SELECT 1 AS found FROM logs WHERE tracker_id = ? LIMIT 1', [trackerId]);
    return rows.length > 0;
  }

  /** Marks trackers as just updated (lists are ordered by it). Never moves the time backwards. */
  async touch(trackerIds: number[], at: Date = new Date()): Promise<void> {
    if (!trackerIds.length) return;
    await this.em.execute(
      `UPDATE trackers SET updated_at = GREATEST(updated_at, ?) WHERE id IN (${trackerIds.map(() => '?').join(', ')})`,
      [at, ...trackerIds],
      'run',
    );
  }

  /**
   * Locks the trackers that are free (in id order, first thing in a batch of log writes) and says
   * whose and of which type each is; also the server's auto-increment step, which a multi-row
   * INSERT's ids are apart by. A tracker whose row another transaction holds (a long import, a
   * cascade delete) is not waited for (`SKIP LOCKED`): it is listed in `busy`, so one held tracker
   * cannot stall a batch that carries other users' logs. A tracker that does not exist is in neither.
   */
  async lockForLogs(trackerIds: number[]): Promise<{
    trackers: Map<number, { userId: number; type: TrackerType }>;
    busy: Set<number>;
    step: number;
  }> {
    const ids = [...new Set(trackerIds)].sort((a, b) => a - b);
    const rows = await this.em.execute<
      Array<{ id: number; user_id: number; type: TrackerType; step: number | string }>
    >(
      `SELECT id, user_id, type, @@auto_increment_increment AS step FROM trackers
       WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id FOR UPDATE SKIP LOCKED`,
      ids,
    );
    const trackers = new Map(rows.map((r) => [r.id, { userId: r.user_id, type: r.type }]));
    const skipped = ids.filter((id) => !trackers.has(id));
    const busy = new Set<number>();
    if (skipped.length) {
      // A plain (non-locking) read sees the last committed row even while someone holds its lock.
      const existing = await this.em.execute<Array<{ id: number }>>(
        `SELECT id FROM trackers WHERE id IN (${skipped.map(() => '?').join(', ')})`,
        skipped,
      );
      for (const { id } of existing) busy.add(id);
    }
    return { trackers, busy, step: Number(rows[0]?.step ?? 1) };
  }

  /**
   * Deletes the tracker with its logs and rollups (foreign keys cascade). False if not the user's.
   * READ COMMITTED: the cascade then locks this tracker's rows only. Under REPEATABLE READ it also
   * locked the index gap after its last log and rollup, so other users' new logs whose index entries
   * fall in that gap (a fresh tracker with the next id) waited for the whole delete.
   */
  deleteOwned(userId: number, trackerId: number): Promise<boolean> {
    return this.em.transactional(
      async (em) => {
        const result = await em.execute<{ affectedRows: number }>(
          'DELETE FROM trackers WHERE id = ? AND user_id = ?',
          [trackerId, userId],
          'run',
        );
        return result.affectedRows > 0;
      },
      { isolationLevel: IsolationLevel.READ_COMMITTED },
    );
  }
}
