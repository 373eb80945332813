import { Module } from '@nestjs/common';
import { AuthCookies } from './auth-cookies';
import { AuthController } from './auth.controller';
import { TwoFactorController } from './two-factor.controller';

/** HTTP routes of accounts and sessions; the domain is in @tally/auth. */
@Module({
  controllers: [AuthController, TwoFactorController],
  providers: [AuthCookies],
  exports: [AuthCookies],
})
export class AuthApiModule {}
