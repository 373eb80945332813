import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EventReminders, MailOutbox, ReminderScheduler } from '@tally/notifications';

/**
 * Every minute: decide the daily and weekly reminders now due, enqueue the event reminders due
 * in the next minutes (again, if Redis lost them), and queue any outbox mail not sent yet. Every
 * worker may run it at once: each step is safe to repeat. A tick that is still running when the
 * next is due lets that one pass.
 */
@Injectable()
export class ReminderSchedule {
  private readonly logger = new Logger(ReminderSchedule.name);
  private running = false;

  constructor(
    readonly orm: MikroORM,
    private readonly scheduler: ReminderScheduler,
    private readonly events: EventReminders,
    private readonly outbox: MailOutbox,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'reminders' })
  async onMinute(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.tick(new Date());
    } catch (error) {
      this.logger.error(
        `Reminder tick failed (the next one retries): ${error instanceof Error ? error.message : error}`,
      );
    } finally {
      this.running = false;
    }
  }

  /** One tick at `now` (the clock is a parameter, so tests can drive it). */
  @CreateRequestContext<ReminderSchedule>((schedule) => schedule.orm)
  async tick(now: Date): Promise<{ decided: number; events: number; queued: number }> {
    const decided = await this.scheduler.decide(now);
    const events = await this.events.sweep(now);
    const queued = await this.outbox.enqueuePending(now);
    if (decided || queued) this.logger.log(`Reminders: ${decided} decided, ${events} event(s) swept, ${queued} queued`);
    return { decided, events, queued };
  }
}
