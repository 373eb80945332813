import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/mysql';
import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, RedisClient } from '@tally/platform';
import { AccessGuard } from './access.guard';
import { AccountSetupModule } from './account-setup';
import { AUTH_ENTITIES } from './auth.entities';
import { AccessTokens } from './access-tokens.service';
import { Accounts } from './accounts.service';
import { AuthMailProducer } from './auth-mail.producer';
import { AuthStateCache } from './auth-state.cache';
import { AuthThrottlerGuard, throttlerOptions } from './auth-throttle';
import { Authentication } from './authentication.service';
import { Authenticator } from './authenticator.service';
import { OneTimeTokens } from './one-time-tokens.service';
import { PasswordHasher } from './password-hasher.service';
import { PersonalAccessTokens } from './personal-access-tokens.service';
import { Profiles } from './profiles.service';
import { Sessions } from './sessions.service';
import { TotpSecretCipher } from './totp-secret-cipher';
import { TwoFactor } from './two-factor.service';

/**
 * Accounts, sessions and tokens. Global so every domain module can use `@Authenticated()`: the
 * guard is instantiated in the module of each controller, so what it needs is exported here.
 */
@Global()
@Module({
  imports: [
    MikroOrmModule.forFeature([...AUTH_ENTITIES]),
    AccountSetupModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, RedisClient, EntityManager],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [
    AccessGuard,
    Authenticator,
    AccessTokens,
    AuthStateCache,
    Sessions,
    PasswordHasher,
    OneTimeTokens,
    TotpSecretCipher,
    TwoFactor,
    AuthMailProducer,
    Authentication,
    Accounts,
    Profiles,
    PersonalAccessTokens,
    AuthThrottlerGuard,
  ],
  exports: [
    AccessGuard,
    Authenticator,
    AuthThrottlerGuard,
    Authentication,
    Accounts,
    Profiles,
    PersonalAccessTokens,
    Sessions,
    TwoFactor,
  ],
})
export class AuthModule {}
