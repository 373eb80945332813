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
    const { html, text } = this.renderer.render(job.template, context);
    const info = (await this.mailer.sendMail({ to: user.email, subject: composed.subject, html, text })) as {
      messageId?: string;
    };
    this.logger.log(`Sent "${job.template}" to user ${user.id}`);
    return { sent: true, to: user.email, messageId: info?.messageId ?? null };
  }
}
