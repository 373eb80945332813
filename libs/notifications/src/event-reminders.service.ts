import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { EventReminderQueue, LogReminders } from '@tally/logs';
import { JobQueue } from '@tally/platform';
import { MailOutbox } from './mail-outbox.service';

/** The sweep enqueues reminders due this far ahead, each delayed to its minute. */
export const EVENT_REMINDER_LOOKAHEAD_MS = 2 * 60_000;

/**
 * Event reminders: a log's `reminderMessage` emailed at its `reminderAt`. LogWriter schedules the
 * delayed job; when it fires, `dispatch` claims the reminder in MySQL (marking it sent, once) and
 * decides its mail in the outbox in the same transaction. MySQL is the source of truth: `sweep`
 * enqueues every due, unsent reminder again, so a Redis that lost its jobs loses no reminder.
 */
@Injectable()
export class EventReminders {
  constructor(
    private readonly em: EntityManager,
    private readonly reminders: LogReminders,
    private readonly outbox: MailOutbox,
    private readonly jobs: JobQueue,
  ) {}

  /** The `reminder.event` job. False when there was nothing to send (moved, cleared, deleted or sent). */
  async dispatch(logId: number, reminderAt: Date, now = new Date()): Promise<boolean> {
    const mail = await this.em.transactional(async () => {
      const claimed = await this.reminders.claim(logId, reminderAt, now);
      if (!claimed) return null;
      const job = {
        template: 'event-reminder' as const,
        userId: claimed.userId,
        data: { logId, reminderAt: reminderAt.toISOString() },
        once: EventReminderQueue.jobId(logId, reminderAt),
      };
      return (await this.outbox.add(job, now)) ? job : null;
    });
    // A crash before this line leaves the row unqueued: the outbox's sweep queues it at the next tick.
    if (mail) await this.outbox.enqueue(mail, now);
    return mail !== null;
  }

  /** Enqueues the reminders due by now + lookahead and not sent (a no-op for those already queued). */
  async sweep(now: Date): Promise<number> {
    const due = await this.reminders.due(new Date(now.getTime() + EVENT_REMINDER_LOOKAHEAD_MS));
    await this.jobs.enqueueMany(
      'reminder.event',
      due.map(({ logId, reminderAt }) => ({
        payload: { logId, reminderAt: reminderAt.toISOString() },
        options: {
          jobId: EventReminderQueue.jobId(logId, reminderAt),
          delay: Math.max(0, reminderAt.getTime() - now.getTime()),
        },
      })),
    );
    return due.length;
  }
}
