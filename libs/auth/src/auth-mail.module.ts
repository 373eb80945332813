import { Module } from '@nestjs/common';
import { MailModule } from '@tally/platform';
import { AuthMailComposers } from './auth-mail.composers';
import { MailDispatcher } from './mail-dispatcher.service';
import { OneTimeTokensService } from './one-time-tokens.service';

/**
 * For the worker: sends `mail.send` jobs to users (MailDispatcher) and composes the account emails
 * (confirm email, reset password, password changed).
 */
@Module({
  imports: [MailModule],
  providers: [OneTimeTokensService, AuthMailComposers, MailDispatcher],
  exports: [MailDispatcher],
})
export class AuthMailModule {}
