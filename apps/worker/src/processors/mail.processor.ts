import { MikroORM } from '@mikro-orm/core';
import { Processor } from '@nestjs/bull';
import { MailDispatcher } from '@tally/auth';
import { MailOutbox, OutboxOutcome } from '@tally/notifications';
import { JobHandler, JobOf, JobProcessor, QueueName, SMTP_CONNECTIONS } from '@tally/platform';

/** Mails are independent of each other, so several go out at once, one per pooled SMTP connection. */
const CONCURRENCY = SMTP_CONNECTIONS;

@Processor(QueueName.Mail)
export class MailProcessor implements JobProcessor {
  constructor(
    readonly orm: MikroORM,
    private readonly dispatcher: MailDispatcher,
    private readonly outbox: MailOutbox,
  ) {}

  /**
   * SMTP failures throw, so Bull retries with the backoff declared in queue.definitions.ts. A mail
   * that must go once is checked against, and marked in, the outbox.
   */
  @JobHandler('mail.send', CONCURRENCY)
  send(job: JobOf<'mail.send'>): Promise<OutboxOutcome> {
    return this.outbox.deliver(job.data, () => this.dispatcher.send(job.data));
  }
}
