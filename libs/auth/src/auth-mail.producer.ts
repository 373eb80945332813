import { Injectable, Logger } from '@nestjs/common';
import { JobQueue, MailJob } from '@tally/platform';

/** What a password change or reset revoked, for the mail. */
export interface RevokedCredentials {
  sessions: Array<{ device: string | null; ip: string | null }>;
  /** The personal access tokens' names. */
  tokens: string[];
}

/** At most this many sessions and tokens are named in a mail (a user has at most 100 of either). */
const MAIL_LIST_LIMIT = 100;

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

  /** With what was revoked along with the old password (quality.md S17), so the mail can list it. */
  passwordChanged(userId: number, ip: string | null, revoked: RevokedCredentials): Promise<void> {
    return this.enqueue({
      template: 'password-changed',
      userId,
      data: {
        at: new Date().toISOString(),
        ip,
        revokedSessions: revoked.sessions.slice(0, MAIL_LIST_LIMIT),
        revokedTokens: revoked.tokens.slice(0, MAIL_LIST_LIMIT),
      },
    });
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
