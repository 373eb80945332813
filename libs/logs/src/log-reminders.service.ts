import { Injectable } from '@nestjs/common';
import { LogRepository, ReminderDetails } from './log.repository';

/**
 * The reminder state of logs, for the notifications that send them: which are due, claiming one
 * for sending (marks it sent, once), and what its mail says. The logs table stays this lib's.
 */
@Injectable()
export class LogReminders {
  constructor(private readonly logs: LogRepository) {}

  due(until: Date, limit = 5_000): Promise<Array<{ logId: number; reminderAt: Date }>> {
    return this.logs.dueReminders(until, limit);
  }

  claim(logId: number, reminderAt: Date, now = new Date()): Promise<{ userId: number } | null> {
    return this.logs.claimReminder(logId, reminderAt, now);
  }

  details(logId: number): Promise<ReminderDetails | null> {
    return this.logs.reminderDetails(logId);
  }
}
