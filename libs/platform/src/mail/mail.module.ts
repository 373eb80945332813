import { MailerModule } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { MailComposers } from './mail-composers';
import { MailRenderer } from './mail-renderer.service';

/**
 * The worker's mail path: @nestjs-modules/mailer (nodemailer over SMTP_URL) plus our Handlebars
 * renderer, which produces the HTML and the plain-text part of every mail, and the registry of
 * composers the domain libs fill. The api never sends mail itself: it enqueues `mail.send` jobs.
 */
@Module({
  imports: [
    MailerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        transport: config.mail.smtpUrl,
        defaults: { from: config.mail.from },
      }),
    }),
  ],
  providers: [MailComposers, MailRenderer],
  exports: [MailerModule, MailComposers, MailRenderer],
})
export class MailModule {}
