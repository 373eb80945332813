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

export interface JobDefinition {
  queue: QueueName;
  options: JobOptions;
}

export const JOBS: { readonly [N in JobName]: JobDefinition } = {
  'system.ping': { queue: QueueName.System, options: { ...KEEP, attempts: 1 } },
  // SMTP outages are retried for ~40 min in all: 10 s, 20 s, 40 s … (quality.md R4).
  'mail.send': {
    queue: QueueName.Mail,
    options: { ...KEEP, attempts: 8, backoff: { type: 'exponential', delay: 10_000 } },
  },
  // A failure (database down) is retried; the job decides again from MySQL each time.
  'reminder.event': {
    queue: QueueName.Reminders,
    options: { ...KEEP, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const QUEUE_NAMES = Object.values(QueueName);
