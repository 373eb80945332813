import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '@tally/platform';

/** How long a committed log write waits for Bull before leaving its reminder to the sweep. */
const QUEUE_WAIT_MS = 1_000;

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
      await this.bounded(
        this.jobs.enqueue(
          'reminder.event',
          { logId, reminderAt: reminderAt.toISOString() },
          { jobId: EventReminderQueue.jobId(logId, reminderAt), delay: Math.max(0, reminderAt.getTime() - Date.now()) },
        ),
      );
    } catch (error) {
      this.failed('schedule', logId, error);
    }
  }

  async cancel(logId: number, reminderAt: Date): Promise<void> {
    try {
      await this.bounded(this.jobs.remove('reminder.event', EventReminderQueue.jobId(logId, reminderAt)));
    } catch (error) {
      this.failed('cancel', logId, error);
    }
  }

  /**
   * Bull's client queues commands while Redis is away; a committed write must not wait on it (R10):
   * after QUEUE_WAIT_MS the sweep is left to it.
   */
  private async bounded(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${QUEUE_WAIT_MS} ms`)), QUEUE_WAIT_MS);
    });
    work.catch(() => undefined);
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(what: string, logId: number, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Could not ${what} the reminder of log ${logId} (the sweep will see to it): ${reason}`);
  }
}
