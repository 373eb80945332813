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
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const QUEUE_NAMES = Object.values(QueueName);
