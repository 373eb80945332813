import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/mysql';
import { AppConfig, InjectConfig, MailComposers, MailRecipient } from '@tally/platform';
import { join } from 'node:path';
import { OneTimeTokenPurpose } from './auth.enums';
import { ONE_TIME_TOKEN_LIFETIME_MS, OneTimeTokensService } from './one-time-tokens.service';

/** The account mails' words, next to this file in src and dist alike (nest-cli copies them). */
const MAIL_TEMPLATE_DIR = join(__dirname, 'mail-templates');

/**
 * Composes the account emails in the worker. Tokens are issued here, at send time, and put in the
 * link's fragment (`#token=`), which browsers never send to a server, so they stay out of access logs.
 */
@Injectable()
export class AuthMailComposers implements OnModuleInit {
  private readonly appUrl: string;

  constructor(
    private readonly composers: MailComposers,
    private readonly tokens: OneTimeTokensService,
    @InjectConfig() config: AppConfig,
  ) {
    this.appUrl = config.appUrl;
  }

  onModuleInit(): void {
    this.composers.register('confirm-email', {
      templateDir: MAIL_TEMPLATE_DIR,
      allowUnconfirmed: true,
      compose: async ({ em, user }) =>
        user.confirmedAt
          ? null
          : {
              subject: 'Confirm your email address for Tally',
              context: {
                link: await this.link(em, user, OneTimeTokenPurpose.ConfirmEmail, 'confirm-email'),
                expiresInHours: ONE_TIME_TOKEN_LIFETIME_MS[OneTimeTokenPurpose.ConfirmEmail] / 3_600_000,
              },
            },
    });

    this.composers.register('reset-password', {
      templateDir: MAIL_TEMPLATE_DIR,
      allowUnconfirmed: true,
      compose: async ({ em, user }) => ({
        subject: 'Reset your Tally password',
        context: {
          link: await this.link(em, user, OneTimeTokenPurpose.ResetPassword, 'reset-password'),
          expiresInMinutes: ONE_TIME_TOKEN_LIFETIME_MS[OneTimeTokenPurpose.ResetPassword] / 60_000,
        },
      }),
    });

    this.composers.register('password-changed', {
      templateDir: MAIL_TEMPLATE_DIR,
      compose: async ({ user, data }) => ({
        subject: 'Your Tally password was changed',
        context: {
          when: `${new Intl.DateTimeFormat('en-GB', {
            dateStyle: 'long',
            timeStyle: 'short',
            timeZone: user.timezone,
          }).format(new Date(data.at))} (${user.timezone})`,
          ip: data.ip,
          // What ended with the old password (quality.md S17), so the owner can tell what an intruder lost.
          revokedSessions: (data.revokedSessions ?? []).map((s) => ({
            device: s.device ?? 'an unknown device',
            ip: s.ip,
          })),
          revokedTokens: data.revokedTokens ?? [],
          revokedNothing: !data.revokedSessions?.length && !data.revokedTokens?.length,
          resetLink: `${this.appUrl}/forgot-password`,
        },
      }),
    });
  }

  /** A link to the web client's page for the token, e.g. https://tally.example/confirm-email#token=… */
  private async link(
    em: EntityManager,
    user: MailRecipient,
    purpose: OneTimeTokenPurpose,
    page: string,
  ): Promise<string> {
    return `${this.appUrl}/${page}#token=${await this.tokens.issue(em, user.id, purpose)}`;
  }
}
