import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, Logger } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import { AppConfig, InjectConfig, MailComposers, MailJob, MailRenderer } from '@tally/platform';
import { User } from './user.entity';

export type MailOutcome =
  | { sent: true; to: string; messageId: string | null }
  | { sent: false; reason: 'user deleted' | 'address not confirmed' | 'nothing to send' };

/**
 * Sends one `mail.send` job: loads the recipient as they are now, decides whether the address may
 * receive this mail, composes and renders it, and hands it to SMTP. SMTP errors propagate so Bull
 * retries the job with backoff; the decisions never throw. It lives with the users it mails; the
 * job's MikroORM context is the one its @JobHandler opened.
 */
@Injectable()
export class MailDispatcher {
  private readonly logger = new Logger(MailDispatcher.name);

  constructor(
    private readonly em: EntityManager,
    private readonly composers: MailComposers,
    private readonly renderer: MailRenderer,
    private readonly mailer: MailerService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private get mailDomain(): string {
    return new URL(this.config.appUrl).hostname;
  }

  async send(job: MailJob): Promise<MailOutcome> {
    const em = this.em;
    const user = await em.findOne(User, job.userId);
    if (!user) return { sent: false, reason: 'user deleted' };

    const composer = this.composers.get(job.template);
    if (!user.confirmedAt && !composer.allowUnconfirmed) return { sent: false, reason: 'address not confirmed' };

    // A union payload narrows per template inside each composer; here it is passed through as is.
    const composed = await composer.compose({ em, user, data: job.data as never });
    if (!composed) return { sent: false, reason: 'nothing to send' };

    const context = {
      ...composed.context,
      subject: composed.subject,
      username: user.username,
      appUrl: this.config.appUrl,
    };
    const { html, text } = composed.rendered ?? this.renderer.render(job.template, context);
    const info = (await this.mailer.sendMail({
      to: user.email,
      subject: composed.subject,
      html,
      text,
      headers: composed.headers,
      attachments: composed.attachments,
      // A mail that must go once has a stable Message-ID, so a copy a crash forced out again is recognisable.
      messageId: job.once ? `<${job.once.replace(/[^A-Za-z0-9.:_-]/g, '-')}@${this.mailDomain}>` : undefined,
    })) as { messageId?: string };
    this.logger.log(`Sent "${job.template}" to user ${user.id}`);
    // Sent is sent: a failing record must not fail the job, whose retry would send a copy.
    await composed
      .delivered?.()
      .catch((error: unknown) =>
        this.logger.warn(
          `Recording "${job.template}" as sent failed: ${error instanceof Error ? error.message : error}`,
        ),
      );
    return { sent: true, to: user.email, messageId: info?.messageId ?? null };
  }
}
