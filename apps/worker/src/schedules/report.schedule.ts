import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { MailOutbox } from '@tally/notifications';
import { ReportScheduler } from '@tally/reports';

/**
 * Every minute: where it is the 1st at 20:00 local, compute last month's stats and decide the
 * report mails, then queue any outbox mail not sent yet. Every worker may run it at once: each step
 * is safe to repeat. A tick still running when the next is due lets that one pass.
 */
@Injectable()
export class ReportSchedule {
  private readonly logger = new Logger(ReportSchedule.name);
  private running = false;

  constructor(
    readonly orm: MikroORM,
    private readonly scheduler: ReportScheduler,
    private readonly outbox: MailOutbox,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'reports' })
  async onMinute(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.tick(new Date());
    } catch (error) {
      this.logger.error(`Report tick failed (the next one retries): ${error instanceof Error ? error.message : error}`);
    } finally {
      this.running = false;
    }
  }

  /** One tick at `now` (the clock is a parameter, so tests can drive it). */
  @CreateRequestContext<ReportSchedule>((schedule) => schedule.orm)
  async tick(now: Date): Promise<{ computed: number; decided: number; queued: number }> {
    const { computed, decided } = await this.scheduler.decide(now);
    const queued = decided ? await this.outbox.enqueuePending(now) : 0;
    if (computed || decided)
      this.logger.log(`Reports: ${computed} user(s) computed, ${decided} decided, ${queued} queued`);
    return { computed, decided, queued };
  }
}
