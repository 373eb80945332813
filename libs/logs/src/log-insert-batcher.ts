import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock } from '@tally/platform';
import { TrackerBusyError } from './log.errors';
import { Log } from './log.entity';
import { LogFields } from './log.repository';
import { LogRollup } from './log-rollup.entity';
import { Tracker, TrackerType } from '@tally/trackers';

/** One new log, and what its tracker must be for it to go in. */
export interface LogInsert {
  userId: number;
  trackerId: number;
  type: TrackerType;
  log: LogFields;
  now: Date;
}

interface Pending {
  insert: LogInsert;
  resolve: (id: number | null) => void;
  reject: (error: unknown) => void;
  /** When its tracker was first found held by another transaction, and how often since. */
  busySince?: number;
  busyRetries?: number;
}

/** A log whose tracker another transaction holds: it is tried again in a later batch. */
const BUSY = Symbol('busy');
type Outcome = number | null | typeof BUSY;

/** Logs written in one transaction at most. */
const MAX_BATCH = 100;
/** Transactions of log inserts this process runs at once: one writer makes the batches twice as large (P2). */
const MAX_PARALLEL = 1;
/**
 * A log whose tracker is held elsewhere goes into the next batch at once, then waits this long
 * (ms) between tries, without holding a connection; after BUSY_MAX_WAIT_MS it is refused (409).
 * An import of 100,000 rows holds its trackers for a few seconds.
 */
const BUSY_RETRY_DELAYS_MS = [0, 10, 25, 50, 100, 200, 400];
const BUSY_MAX_WAIT_MS = 30_000;
/**
 * READ COMMITTED, as every log write: the touch (`UPDATE trackers … WHERE id IN (…)`) may scan the
 * whole (small) trackers table, and under REPEATABLE READ it then waited on every locked tracker,
 * not just its own; READ COMMITTED reads past rows that do not match.
 */
const BATCH_ISOLATION = { isolationLevel: IsolationLevel.READ_COMMITTED };

/**
 * How LogWriter adds new logs: together. a log that arrives while earlier ones are being written waits for
 * that transaction to end, then goes in with every other log that arrived meanwhile, in one
 * transaction (group commit). One log alone goes in at once, so a quiet server adds no delay.
 *
 * A transaction locks the trackers it writes to (in id order) and reads whose they are and their
 * type, inserts the logs whose tracker is the user's and of the right type in one multi-row INSERT,
 * adds all their rollups in one upsert, touches the trackers' updatedAt, and commits: six
 * statements and one commit for the whole batch, where each log used to take two transactions
 * and six round trips (quality.md P2, docs/benchmarks.md). The log, its rollups and its tracker's
 * updatedAt now change together.
 *
 * Users never wait on each other's locks (quality.md R12): a tracker held by another transaction
 * (an import, a cascade delete, an edit on another process) is skipped, not waited for, and only
 * its own logs are tried again in later batches, with a growing pause that holds no connection.
 * A failed batch is retried log by log, so one bad log never fails the others.
 */
@Injectable()
export class LogInsertBatcher {
  private readonly queue: Pending[] = [];
  private running = 0;

  constructor(private readonly em: EntityManager) {}

  /** The new log's id, or null when the tracker is not the user's or not of `type`. */
  insert(insert: LogInsert): Promise<number | null> {
    return new Promise((resolve, reject) => this.enqueue({ insert, resolve, reject }));
  }

  private enqueue(pending: Pending): void {
    this.queue.push(pending);
    if (this.running < MAX_PARALLEL) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length) await this.settle(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.running--;
    }
  }

  private async settle(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await retryOnDeadlock(() => this.write(batch.map((p) => p.insert)));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const pending of batch) await this.settle([pending]);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome === BUSY) this.later(pending);
      else pending.resolve(outcome);
    });
  }

  /** Its tracker is held elsewhere: into a later batch, or refused once it has waited long enough. */
  private later(pending: Pending): void {
    const now = Date.now();
    pending.busySince ??= now;
    if (now - pending.busySince >= BUSY_MAX_WAIT_MS) return pending.reject(new TrackerBusyError());
    const retries = (pending.busyRetries = (pending.busyRetries ?? 0) + 1);
    const delay = BUSY_RETRY_DELAYS_MS[Math.min(retries - 1, BUSY_RETRY_DELAYS_MS.length - 1)]!;
    if (delay === 0) this.enqueue(pending);
    else setTimeout(() => this.enqueue(pending), delay);
  }

  private write(inserts: LogInsert[]): Promise<Outcome[]> {
    // Its own fork: a batch serves many requests, not the one whose call started it.
    return this.em.fork({ disableContextResolution: true }).transactional(async (em) => {
      const trackers = em.getRepository(Tracker);
      const { trackers: locked, busy, step } = await trackers.lockForLogs(inserts.map((i) => i.trackerId));
      const fits = inserts.map((i) => {
        const tracker = locked.get(i.trackerId);
        return tracker !== undefined && tracker.userId === i.userId && tracker.type === i.type;
      });
      const added = inserts.filter((_, i) => fits[i]);
      const others = (i: LogInsert): Outcome => (busy.has(i.trackerId) ? BUSY : null);
      if (!added.length) return inserts.map(others);
      const ids = await em.getRepository(Log).insertBatch(added, step);
      await em.getRepository(LogRollup).addLogsOfTrackers(
        added.map(({ trackerId, log }) => ({
          trackerId,
          loggedAt: log.loggedAt,
          value: log.value,
          emotion: log.emotion,
        })),
      );
      const latest = added.reduce((at, i) => (i.now > at ? i.now : at), added[0]!.now);
      await trackers.touch([...new Set(added.map((i) => i.trackerId))], latest);
      let next = 0;
      return inserts.map((insert, i) => (fits[i] ? ids[next++]! : others(insert)));
    }, BATCH_ISOLATION);
  }
}
