import { Processor } from '@nestjs/bull';
import { JobHandler, JobOf, QueueName } from '@tally/platform';

@Processor(QueueName.System)
export class SystemProcessor {
  /** Answers a ping so producers and tests can see a job cross Redis and come back. */
  @JobHandler('system.ping')
  ping(job: JobOf<'system.ping'>) {
    return { pong: true, echo: job.data.echo ?? null, pid: process.pid, processedAt: new Date().toISOString() };
  }
}
