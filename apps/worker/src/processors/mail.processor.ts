import { MikroORM } from '@mikro-orm/core';
import { Processor } from '@nestjs/bull';
import { MailDispatcher, MailOutcome } from '@tally/auth';
import { JobHandler, JobOf, JobProcessor, QueueName } from '@tally/platform';

/** Mails are independent of each other, so several go out at once (SMTP round trips dominate). */
const CONCURRENCY = 8;

@Processor(QueueName.Mail)
export class MailProcessor implements JobProcessor {
  constructor(
    readonly orm: MikroORM,
    private readonly dispatcher: MailDispatcher,
  ) {}

  /** SMTP failures throw, so Bull retries with the backoff declared in queue.definitions.ts. */
  @JobHandler('mail.send', CONCURRENCY)
  send(job: JobOf<'mail.send'>): Promise<MailOutcome> {
    return this.dispatcher.send(job.data);
  }
}
