import { MailerModule } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { MailComposers } from './mail-composers';
import { MailRenderer } from './mail-renderer.service';

/** Connections kept open to the SMTP server: as many as mails go out at once (MailProcessor). */
export const SMTP_CONNECTIONS = 8;

/**
 * SMTP_URL with pooling on: a handful of connections reused for many mails, instead of a TCP and
 * SMTP handshake per mail (settings already in the URL win).
 */
export function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(SMTP_CONNECTIONS));
  return url.toString();
}

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
        transport: pooled(config.mail.smtpUrl),
        defaults: { from: config.mail.from },
      }),
    }),
  ],
  providers: [MailComposers, MailRenderer],
  exports: [MailerModule, MailComposers, MailRenderer],
})
export class MailModule {}
