import type { Job, JobOptions } from 'bull';
import type { MailJob } from '../mail/mail-templates';

/**
 * Every queue, job name, payload type and job option lives here (conventions.md "typed jobs").
 * Producers and processors import from this file; the worker refuses to start when a job declared
 * here has no handler. Payloads carry ids, never entities.
 */
export const QueueName = {
  System: 'system',
  Mail: 'mail',
  Reminders: 'reminders',
  Reports: 'reports',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface JobPayloads {
  /** Round trip through Redis and the worker. `holdMs` keeps the job active that long (max 10 s). */
  'system.ping': { sentAt: string; echo?: string; holdMs?: number };
  /**
   * One email to one user. The worker decides at send time whether the address may receive it and
   * builds the content then (links with fresh tokens included), so no secret ever sits in Redis.
   */
  'mail.send': MailJob;
  /**
   * An event reminder, delayed until the log's `reminderAt`. LogWriter schedules, moves and cancels
   * it; a sweep re-enqueues due ones from MySQL (the source of truth) after a Redis loss.
   */
  'reminder.event': { logId: number; reminderAt: string };
  /**
   * One PDF of a monthly report, rendered by the worker and stored where any api process can serve
   * it. The document the api hashed waits in Redis under `hash` (not in the payload, which Bull
   * Board shows to admins: ids only), so the PDF is exactly those figures; `userId` records whose
   * job it is.
   */
  'report.pdf': { userId: number; month: string; hash: string };
}
export type JobName = keyof JobPayloads;
export type JobOf<N extends JobName> = Job<JobPayloads[N]>;

/** Completed/failed jobs kept in Redis: bounded, so memory levels off (quality.md R7). */
const KEEP = { removeOnComplete: { count: 1_000, age: 24 * 3600 }, removeOnFail: { count: 5_000, age: 7 * 24 * 3600 } };

/**
 * Retry delays that double from `delay` up to `max`, with ±20 % jitter so jobs that failed together
 * do not all return together. Bull's own "exponential" grows without bound (10 s, 30 s, 70 s,
 * 150 s, 310 s …): after a two-minute SMTP outage the next try came 2½ minutes after recovery.
 */
export const CAPPED_BACKOFF = 'capped-exponential';
export function cappedBackoff(attemptsMade: number, _error: unknown, options: { delay: number; max: number }): number {
  const delay = Math.min(options.delay * 2 ** Math.max(0, attemptsMade - 1), options.max);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}
const retry = (delay: number, max: number) => ({ type: CAPPED_BACKOFF, options: { delay, max } });

export interface JobDefinition {
  queue: QueueName;
  options: JobOptions;
}

export const JOBS: { readonly [N in JobName]: JobDefinition } = {
  'system.ping': { queue: QueueName.System, options: { ...KEEP, attempts: 1 } },
  // SMTP outages are retried for ~13 min in all: 10 s, 20 s, 40 s, 80 s, then every 2 min (quality.md
  // R4); mail that must go once is queued again by the outbox sweep after that, however long it takes.
  'mail.send': {
    queue: QueueName.Mail,
    options: { ...KEEP, attempts: 10, backoff: retry(10_000, 120_000) },
  },
  // A failure (database down) is retried; the job decides again from MySQL each time.
  'reminder.event': {
    queue: QueueName.Reminders,
    options: { ...KEEP, attempts: 6, backoff: retry(5_000, 60_000) },
  },
  // A PDF is a cache of figures kept in MySQL: a failed render is retried twice, then the job says
  // "failed" and the next GET of the PDF starts it again.
  'report.pdf': {
    queue: QueueName.Reports,
    options: {
      removeOnComplete: { count: 200, age: 3600 },
      removeOnFail: { count: 500, age: 24 * 3600 },
      attempts: 3,
      backoff: retry(2_000, 10_000),
    },
  },
};

/**
 * Bull's lock on a running report PDF job. Bull renews it every half period while the job runs, so
 * it only has to outlast a stall of the worker's event loop; it is kept above the longest PDF a
 * worker renders (twice its per-PDF timeout, PDF_TIMEOUT_MS, and at least 2 minutes) so a slow
 * render is never taken for a dead worker and started twice.
 */
export const reportPdfLockMs = (pdfTimeoutMs: number) => Math.max(120_000, 2 * pdfTimeoutMs);

/** Bull settings per queue, besides the shared ones of QueueModule (stalled checks, backoffs). */
export function queueSettings(name: QueueName, config: { pdf: { timeoutMs: number } }): { lockDuration?: number } {
  return name === QueueName.Reports ? { lockDuration: reportPdfLockMs(config.pdf.timeoutMs) } : {};
}

export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const QUEUE_NAMES = Object.values(QueueName);
