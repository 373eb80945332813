import { Injectable, Logger } from '@nestjs/common';
import { JobQueue, MailJob } from '@tally/platform';

/**
 * Enqueues the account emails; the worker composes and sends them. A failure to enqueue (Redis
 * down) is logged rather than failing the account change that already happened: the user can ask
 * for the mail again (resend confirmation, forgot password).
 */
@Injectable()
export class AuthMailProducer {
  private readonly logger = new Logger(AuthMailProducer.name);

  constructor(private readonly queue: JobQueue) {}

  confirmEmail(userId: number): Promise<void> {
    return this.enqueue({ template: 'confirm-email', userId, data: {} });
  }

  resetPassword(userId: number): Promise<void> {
    return this.enqueue({ template: 'reset-password', userId, data: {} });
  }

  passwordChanged(userId: number, ip: string | null): Promise<void> {
    return this.enqueue({ template: 'password-changed', userId, data: { at: new Date().toISOString(), ip } });
  }

  private async enqueue(job: MailJob): Promise<void> {
    try {
      await this.queue.enqueue('mail.send', job);
    } catch (error) {
      this.logger.error(
        `Could not enqueue "${job.template}" for user ${job.userId}: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
}
