import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock } from '@tally/platform';
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
}

/** Logs written in one transaction at most. */
const MAX_BATCH = 100;
/** Transactions of log inserts this process runs at once: one writer makes the batches twice as large (P2). */
const MAX_PARALLEL = 1;

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
 * A failed batch is retried log by log, so one bad log never fails the others.
 */
@Injectable()
export class LogInsertBatcher {
  private readonly queue: Pending[] = [];
  private running = 0;

  constructor(private readonly em: EntityManager) {}

  /** The new log's id, or null when the tracker is not the user's or not of `type`. */
  insert(insert: LogInsert): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ insert, resolve, reject });
      if (this.running < MAX_PARALLEL) void this.drain();
    });
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
    try {
      const ids = await retryOnDeadlock(() => this.write(batch.map((p) => p.insert)));
      batch.forEach((pending, i) => pending.resolve(ids[i] ?? null));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const pending of batch) await this.settle([pending]);
    }
  }

  private write(inserts: LogInsert[]): Promise<Array<number | null>> {
    // Its own fork: a batch serves many requests, not the one whose call started it.
    return this.em.fork({ disableContextResolution: true }).transactional(async (em) => {
      const trackers = em.getRepository(Tracker);
      const { trackers: locked, step } = await trackers.lockForLogs(inserts.map((i) => i.trackerId));
      const fits = inserts.map((i) => {
        const tracker = locked.get(i.trackerId);
        return tracker !== undefined && tracker.userId === i.userId && tracker.type === i.type;
      });
      const added = inserts.filter((_, i) => fits[i]);
      if (!added.length) return inserts.map(() => null);
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
      return fits.map((fit) => (fit ? ids[next++]! : null));
    });
  }
}
