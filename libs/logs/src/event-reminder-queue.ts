import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '@tally/platform';

/**
 * The delayed `reminder.event` job of each log with a reminder, kept in step by LogWriter: added
 * when a reminder is set, moved when its time changes, removed when it is cleared or the log is
 * deleted. Redis is only the alarm clock: the job decides from MySQL when it fires, and a sweep
 * re-enqueues due reminders whose job was lost, so a failure here is logged, never thrown.
 */
@Injectable()
export class EventReminderQueue {
  private readonly logger = new Logger(EventReminderQueue.name);

  constructor(private readonly jobs: JobQueue) {}

  /** One job per log and reminder time: a second schedule of the same reminder is a no-op. */
  static jobId(logId: number, reminderAt: Date): string {
    return `event:${logId}:${reminderAt.getTime()}`;
  }

  async schedule(logId: number, reminderAt: Date): Promise<void> {
    try {
      await this.jobs.enqueue(
        'reminder.event',
        { logId, reminderAt: reminderAt.toISOString() },
        { jobId: EventReminderQueue.jobId(logId, reminderAt), delay: Math.max(0, reminderAt.getTime() - Date.now()) },
      );
    } catch (error) {
      this.failed('schedule', logId, error);
    }
  }

  async cancel(logId: number, reminderAt: Date): Promise<void> {
    try {
      await this.jobs.remove('reminder.event', EventReminderQueue.jobId(logId, reminderAt));
    } catch (error) {
      this.failed('cancel', logId, error);
    }
  }

  private failed(what: string, logId: number, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Could not ${what} the reminder of log ${logId} (the sweep will see to it): ${reason}`);
  }
}
