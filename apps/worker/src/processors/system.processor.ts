import { MikroORM } from '@mikro-orm/core';
import { Processor } from '@nestjs/bull';
import { JobHandler, JobOf, JobProcessor, QueueName } from '@tally/platform';

@Processor(QueueName.System)
export class SystemProcessor implements JobProcessor {
  constructor(readonly orm: MikroORM) {}

  /**
   * Answers a ping so producers and tests can see a job cross Redis and come back. Pings are
   * independent and cheap, so many run at once (a flood of them measures the queue itself, R7).
   */
  @JobHandler('system.ping', 16)
  async ping(job: JobOf<'system.ping'>) {
    const holdMs = Math.min(Math.max(job.data.holdMs ?? 0, 0), 10_000);
    if (holdMs) await new Promise((resolve) => setTimeout(resolve, holdMs));
    return { pong: true, echo: job.data.echo ?? null, pid: process.pid, processedAt: new Date().toISOString() };
  }
}
