import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { JobQueue, MailJob, retryOnDeadlock, sqlCount } from '@tally/platform';

/** A row not sent this long after it was queued is queued again (a no-op while its job still exists). */
export const OUTBOX_REQUEUE_AFTER_MS = 2 * 60_000;
const READ_COMMITTED = { isolationLevel: IsolationLevel.READ_COMMITTED };
/** Rows handed to the queue per statement. */
const BATCH = 1_000;

/** What the send of one outbox mail came to: sent, or why not (the recipient's state decides). */
export interface OutboxOutcome {
  sent: boolean;
  reason?: string;
}

/**
 * The outbox of mail that must go exactly once (see MailOutboxEntry). Deciding (a row) and
 * sending (a `mail.send` job whose `once` is the row's key) are apart, so a worker that dies, a
 * tick that fires twice or a Redis that forgets its queue never sends twice and never skips.
 */
@Injectable()
export class MailOutbox {
  constructor(
    private readonly em: EntityManager,
    private readonly jobs: JobQueue,
  ) {}

  /** Decides one mail, in the caller's transaction if any; false when it was decided before. */
  async add(job: MailJob & { once: string }, now = new Date()): Promise<boolean> {
    const result = await this.em.execute<{ affectedRows: number }>(
      'INSERT IGNORE INTO mail_outbox (user_id, `key`, payload, created_at) VALUES (?, ?, ?, ?)',
      [job.userId, job.once, JSON.stringify(job), now],
      'run',
    );
    return result.affectedRows === 1;
  }

  /**
   * Decides many mails in one statement: `select` yields `user_id, key, payload, created_at` (the
   * payload a JSON `mail.send` job whose `once` is the key). Rows decided before are left alone, so
   * any number of workers and ticks decide each mail once. Returns how many were newly decided.
   */
  async addSelected(select: string, params: unknown[]): Promise<number> {
    const result = await retryOnDeadlock(() =>
      this.em.transactional(
        (em) =>
          em.execute<{ affectedRows: number }>(
            `INSERT IGNORE INTO mail_outbox (user_id, \`key\`, payload, created_at) ${select}`,
            params,
            'run',
          ),
        READ_COMMITTED,
      ),
    );
    return result.affectedRows;
  }

  /** Hands one decided mail to the queue (after its row is committed). */
  async enqueue(job: MailJob & { once: string }, now = new Date()): Promise<void> {
    await this.em.execute(
      'UPDATE mail_outbox SET enqueued_at = ? WHERE `key` = ? AND sent_at IS NULL',
      [now, job.once],
      'run',
    );
    await this.jobs.enqueue('mail.send', job, { jobId: job.once });
  }

  /**
   * Hands unsent rows to the queue: those never queued, and those queued long enough ago that
   * their job may be lost. Workers running this at once split the rows (SKIP LOCKED); the jobId is
   * the row's key, so a row queued twice is one job. Returns how many rows were handed over.
   */
  async enqueuePending(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      // READ COMMITTED: no gap locks against the ticks inserting rows meanwhile.
      const rows = await retryOnDeadlock(() =>
        this.em.transactional(async (em) => {
          const due = await em.execute<
            Array<{ id: string; key: string; payload: string | MailJob; enqueued_at: string | null }>
          >(
            `SELECT id, \`key\`, payload, enqueued_at FROM mail_outbox
           WHERE sent_at IS NULL AND (enqueued_at IS NULL OR enqueued_at < ?)
           ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
            [new Date(now.getTime() - OUTBOX_REQUEUE_AFTER_MS), BATCH],
          );
          if (due.length)
            await em.execute(
              `UPDATE mail_outbox SET enqueued_at = ? WHERE id IN (${due.map(() => '?').join(', ')})`,
              [now, ...due.map((row) => row.id)],
              'run',
            );
          return due;
        }, READ_COMMITTED),
      );
      if (!rows.length) return total;
      const payload = (row: (typeof rows)[number]) =>
        typeof row.payload === 'string' ? (JSON.parse(row.payload) as MailJob) : row.payload;
      const fresh = rows.filter((row) => row.enqueued_at === null);
      await this.jobs.enqueueMany(
        'mail.send',
        fresh.map((row) => ({ payload: payload(row), options: { jobId: row.key } })),
      );
      // Queued before and still unsent: its job may be lost, failed for good, or just backing off.
      for (const row of rows.filter((r) => r.enqueued_at !== null))
        await this.jobs.ensure('mail.send', payload(row), row.key);
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }

  /**
   * Runs one `mail.send` job: a mail with `once` is sent only if its row is not marked done, and
   * marked done after (with why, when nothing was sent). A crash between the SMTP server's "250"
   * and the mark is the one gap left: the job runs again and the copy carries the same Message-ID.
   */
  async deliver(job: MailJob, send: () => Promise<OutboxOutcome>): Promise<OutboxOutcome> {
    if (!job.once) return send();
    const rows = await this.em.execute<Array<{ sent_at: string | null }>>(
      'SELECT sent_at FROM mail_outbox WHERE `key` = ?',
      [job.once],
    );
    if (!rows[0]) return { sent: false, reason: 'not in the outbox' }; // its user was deleted
    if (rows[0].sent_at !== null) return { sent: false, reason: 'already sent' };
    const outcome = await send();
    await this.em.execute(
      'UPDATE mail_outbox SET sent_at = ?, outcome = ? WHERE `key` = ? AND sent_at IS NULL',
      [new Date(), outcome.sent ? 'sent' : (outcome.reason ?? 'not sent'), job.once],
      'run',
    );
    return outcome;
  }

  /** One row by its key, as the user who owns it may see it; null when there is none. */
  async entry(key: string): Promise<{ userId: number; sentAt: Date | null; outcome: string | null } | null> {
    const rows = await this.em.execute<
      Array<{ user_id: number; sent_at: Date | string | null; outcome: string | null }>
    >('SELECT user_id, sent_at, outcome FROM mail_outbox WHERE `key` = ?', [key]);
    const row = rows[0];
    if (!row) return null;
    return {
      userId: Number(row.user_id),
      sentAt: row.sent_at === null ? null : new Date(row.sent_at),
      outcome: row.outcome,
    };
  }

  /** Whether one of the user's rows whose key starts with `prefix` is still waiting to be sent. */
  async hasUnsent(userId: number, prefix: string): Promise<boolean> {
    const rows = await this.em.execute<Array<{ n: number | string }>>(
      "SELECT COUNT(*) AS n FROM mail_outbox WHERE user_id = ? AND `key` LIKE CONCAT(?, '%') AND sent_at IS NULL",
      [userId, prefix.replace(/[\\%_]/g, '\\$&')],
    );
    return sqlCount(rows[0]?.n) > 0;
  }

  /** Rows not yet sent (tests and metrics). */
  async unsent(): Promise<number> {
    const rows = await this.em.execute<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM mail_outbox WHERE sent_at IS NULL',
    );
    return sqlCount(rows[0]?.n);
  }
}
