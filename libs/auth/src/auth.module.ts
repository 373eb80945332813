import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/mysql';
import { Global, Module } from '@nestjs/common';
import { AuthModuleOptions } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, RedisClient } from '@tally/platform';
import { AccountSetupModule } from './account-setup';
import { AUTH_ENTITIES } from './auth.entities';
import { AccessTokenStrategy } from './access-token.strategy';
import { AccessTokensService } from './access-tokens.service';
import { AccountsService } from './accounts.service';
import { AuthMailProducer } from './auth-mail.producer';
import { IdempotencyService } from './idempotency.service';
import { AuthStateCache } from './auth-state.cache';
import { AdminConsolePasses } from './admin-console-passes.service';
import { AuthThrottlerGuard, throttlerOptions } from './auth-throttle';
import { SignInService } from './sign-in.service';
import { AuthorizationGuard } from './authorization.guard';
import { BearerAuthGuard } from './bearer-auth.guard';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PassportStrategyNames } from './passport-strategy-names';
import { PasswordHasher } from './password-hasher.service';
import { PersonalAccessTokenStrategy } from './personal-access-token.strategy';
import { PersonalAccessTokensService } from './personal-access-tokens.service';
import { ProfilesService } from './profiles.service';
import { SessionsService } from './sessions.service';
import { TotpSecretCipher } from './totp-secret-cipher';
import { TwoFactorService } from './two-factor.service';

/**
 * Accounts, sessions and tokens. Global so every domain module can use `@Authenticated()`: its
 * guards are instantiated in the module of each controller, so they are exported here. The
 * Passport strategies register themselves with Passport when Nest creates them.
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
    PassportStrategyNames,
    {
      provide: AuthModuleOptions,
      inject: [PassportStrategyNames],
      useFactory: (names: PassportStrategyNames) => names.guardOptions(),
    },
    BearerAuthGuard,
    AuthorizationGuard,
    AccessTokenStrategy,
    PersonalAccessTokenStrategy,
    AccessTokensService,
    AuthStateCache,
    IdempotencyService,
    SessionsService,
    PasswordHasher,
    OneTimeTokensService,
    TotpSecretCipher,
    TwoFactorService,
    AuthMailProducer,
    SignInService,
    AccountsService,
    ProfilesService,
    PersonalAccessTokensService,
    AuthThrottlerGuard,
    AdminConsolePasses,
  ],
  exports: [
    AdminConsolePasses,
    AuthModuleOptions,
    BearerAuthGuard,
    AuthorizationGuard,
    AuthThrottlerGuard,
    SignInService,
    AccountsService,
    ProfilesService,
    PersonalAccessTokensService,
    SessionsService,
    TwoFactorService,
    IdempotencyService,
  ],
})
export class AuthModule {}
