import { MikroORM } from '@mikro-orm/core';
import { Processor } from '@nestjs/bull';
import { EventReminders } from '@tally/notifications';
import { JobHandler, JobOf, JobProcessor, QueueName } from '@tally/platform';

@Processor(QueueName.Reminders)
export class RemindersProcessor implements JobProcessor {
  constructor(
    readonly orm: MikroORM,
    private readonly events: EventReminders,
  ) {}

  /** A log's reminder is due: claim it in MySQL and decide its mail (nothing, if moved or sent). */
  @JobHandler('reminder.event', 4)
  async event(job: JobOf<'reminder.event'>): Promise<{ decided: boolean }> {
    return { decided: await this.events.dispatch(job.data.logId, new Date(job.data.reminderAt)) };
  }
}
