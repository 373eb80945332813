import { Module } from '@nestjs/common';
import { MailModule } from '@tally/platform';
import { AuthMailComposers } from './auth-mail.composers';
import { OneTimeTokens } from './one-time-tokens.service';

/** For the worker: composes the account emails (confirm email, reset password, password changed). */
@Module({
  imports: [MailModule],
  providers: [OneTimeTokens, AuthMailComposers],
})
export class AuthMailModule {}
