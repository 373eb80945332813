import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock, UserCache } from '@tally/platform';
import { Tracker, TrackerNotFoundError, TrackerRepository } from '@tally/trackers';
import { EventReminderQueue } from './event-reminder-queue';
import { LogInsert, LogInsertBatcher } from './log-insert-batcher';
import { LogNotFoundError } from './log.errors';
import { LogFields, LogRepository, LogRow } from './log.repository';
import { LogRollupRepository, RollupInput } from './log-rollup.repository';

const WRITE_ISOLATION = { isolationLevel: IsolationLevel.READ_COMMITTED };

/** What an edit turns the current log into, decided by the caller's rules while the tracker is locked. */
export type LogEdit = (current: LogRow, tracker: Tracker) => LogFields & { reminderSentAt: Date | null };

/** Many logs for one tracker, written by an import. */
export interface LogBatch {
  trackerId: number;
  logs: Array<LogFields & RollupInput & { createdAt?: Date }>;
}

/** Inside `LogWriter.bulk`: the transaction's own statements. */
export interface BulkLogWrite {
  /** The transaction's EntityManager, for the caller's own rows (e.g. trackers an import creates). */
  readonly em: EntityManager;
  /** Locks the user's trackers, in id order; false if one is missing or someone else's. */
  lockTrackers(trackerIds: number[]): Promise<boolean>;
  /** Appends logs to a tracker this transaction locked or created, with their rollups. */
  append(batch: LogBatch): Promise<void>;
}

/**
 * The one way logs are written. Every write takes the same steps in the same order: lock the
 * tracker, write the logs, keep the rollups exact, touch the tracker's updatedAt — in one
 * transaction — inside the user's cache write (UserCache.write: the version moves before and after,
 * so no cached read outlives the write even when Redis fails halfway). Creating, editing,
 * deleting and importing logs all come through here, and so will whatever must follow a log write
 * (event reminders are scheduled, moved and cancelled from `committed`).
 */
@Injectable()
export class LogWriter {
  constructor(
    private readonly em: EntityManager,
    private readonly trackers: TrackerRepository,
    private readonly logs: LogRepository,
    private readonly rollups: LogRollupRepository,
    private readonly cache: UserCache,
    private readonly batcher: LogInsertBatcher,
    private readonly reminders: EventReminderQueue,
  ) {}

  /**
   * A new log. Logs arriving together share one transaction (LogInsertBatcher). Null when the
   * tracker is not the user's or not of the log's type: the caller says which.
   */
  async add(insert: LogInsert): Promise<number | null> {
    const id = await this.cache.write(insert.userId, () => this.batcher.insert(insert));
    if (id === null) return null;
    await this.committed(insert.userId, { logId: id, before: null, after: insert.log.reminderAt });
    return id;
  }

  /** Rewrites a log as `edit` decides from its current state (which may throw to refuse). */
  async update(userId: number, trackerId: number, logId: number, edit: LogEdit, now: Date): Promise<LogRow> {
    let before: Date | null = null;
    const row = await this.inTransaction(userId, async () => {
      const tracker = await this.trackers.lockOwned(userId, trackerId);
      if (!tracker) throw new TrackerNotFoundError(trackerId);
      const current = await this.logs.findInTracker(trackerId, logId);
      if (!current) throw new LogNotFoundError(logId);
      const next = edit(current, tracker);
      before = current.reminderSentAt ? null : current.reminderAt;
      await this.logs.rewrite(logId, next, now);
      await this.rollups.recomputeSlots(trackerId, [current.loggedAt, next.loggedAt]);
      await this.trackers.touch([trackerId], now);
      return { ...current, ...next, updatedAt: now } satisfies LogRow;
    });
    await this.committed(userId, { logId, before, after: row.reminderSentAt ? null : row.reminderAt });
    return row;
  }

  async remove(userId: number, trackerId: number, logId: number, now: Date): Promise<void> {
    const removed = await this.inTransaction(userId, async () => {
      if (!(await this.trackers.lockOwned(userId, trackerId))) throw new TrackerNotFoundError(trackerId);
      const current = await this.logs.findInTracker(trackerId, logId);
      if (!current) throw new LogNotFoundError(logId);
      await this.logs.deleteById(logId);
      await this.rollups.recomputeSlots(trackerId, [current.loggedAt]);
      await this.trackers.touch([trackerId], now);
      return current;
    });
    await this.committed(userId, {
      logId,
      before: removed.reminderSentAt ? null : removed.reminderAt,
      after: null,
    });
  }

  /**
   * Many logs at once (imports, the demo seed): `work` locks and appends inside one transaction,
   * all or nothing; the trackers it appended to are touched before the commit.
   */
  async bulk<T>(userId: number, now: Date, work: (write: BulkLogWrite) => Promise<T>): Promise<T> {
    const result = await this.inTransaction(userId, async (em) => {
      const appended = new Set<number>();
      const write: BulkLogWrite = {
        em,
        lockTrackers: async (trackerIds) => {
          for (const id of [...new Set(trackerIds)].sort((a, b) => a - b)) {
            if (!(await this.trackers.lockOwned(userId, id))) return false;
          }
          return true;
        },
        append: async ({ trackerId, logs }) => {
          if (!logs.length) return;
          await this.logs.appendMany(trackerId, logs, now);
          await this.rollups.addLogs(trackerId, logs);
          appended.add(trackerId);
        },
      };
      const value = await work(write);
      await this.trackers.touch([...appended], now);
      return value;
    });
    await this.committed(userId);
    return result;
  }

  /** The transaction, inside the user's cache write (UserCache.write: no cached read outlives it). */
  private inTransaction<T>(userId: number, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.cache.write(userId, () => retryOnDeadlock(() => this.em.transactional(work, WRITE_ISOLATION)));
  }

  /**
   * After a write has committed (and the user's cache version moved, UserCache.write): a log's
   * pending reminder (its time before and after the write; null for none or already sent) is moved in step.
   * Imported reminders are left to the reminder sweep, which enqueues every due one from MySQL.
   */
  private async committed(
    userId: number,
    reminder?: { logId: number; before: Date | null; after: Date | null },
  ): Promise<void> {
    if (!reminder || reminder.before?.getTime() === reminder.after?.getTime()) return;
    if (reminder.before) await this.reminders.cancel(reminder.logId, reminder.before);
    if (reminder.after) await this.reminders.schedule(reminder.logId, reminder.after);
  }
}
