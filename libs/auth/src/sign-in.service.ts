import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@tally/platform';
import { LoginEvent } from './login-event.entity';
import { Session } from './session.entity';
import { User } from './user.entity';
import { AccessTokensService } from './access-tokens.service';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  InvalidTwoFactorCodeError,
  TwoFactorRequiredError,
} from './auth.errors';
import { ClientInfo } from './client-info';
import { PasswordHasher } from './password-hasher.service';
import { IssuedSession, SessionsService } from './sessions.service';
import { TwoFactorService } from './two-factor.service';
import { safeEqual, sha256 } from './secret-token';

export interface LoginInput {
  /** Email address or username. */
  login: string;
  password: string;
  /** TOTP or recovery code, for accounts with two-factor authentication on. */
  code?: string;
}

export interface SignedIn {
  user: User;
  session: Session;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

/** Sign-in, refresh and sign-out: the session lifecycle. */
@Injectable()
export class SignInService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokensService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  async login(input: LoginInput, client: ClientInfo): Promise<SignedIn> {
    const user = await this.em.getRepository(User).findForLogin(input.login);
    if (!user) {
      await this.passwords.burn(input.password);
      throw new InvalidCredentialsError();
    }

    return this.em.transactional(async (em) => {
      // Write-lock the user row before anything else, the password check included (issue 9 item 10):
      // a password change or reset racing this login then either commits first (the check below sees
      // the new hash and refuses) or waits for this login to commit (and its revocation finds the new
      // session). The session and login-event inserts take shared locks on the row through their
      // foreign keys, so two sign-ins of one user that each held one and then both updated the row
      // deadlocked (a 500). Read under the lock, loginCount also counts every login.
      const locked = await em.findOneOrFail(User, user.id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
        populate: ['password', 'totpSecret'],
      });
      if (!(await this.passwords.verify(input.password, locked.password))) throw new InvalidCredentialsError();
      if (!locked.active) throw new AccountDisabledError();
      // Raising BCRYPT_COST upgrades each stored hash at its owner's next sign-in.
      if (this.passwords.isWeak(locked.password)) locked.password = await this.passwords.hash(input.password);
      if (locked.totpEnabledAt) {
        if (!input.code) throw new TwoFactorRequiredError();
        if (!(await this.twoFactor.verify(locked, input.code))) throw new InvalidTwoFactorCodeError();
      }

      // Login tracking as Flask-Security's "trackable" does it, plus one event row per login.
      const now = new Date();
      locked.lastLoginAt = locked.currentLoginAt;
      locked.lastLoginIp = locked.currentLoginIp;
      locked.currentLoginAt = now;
      locked.currentLoginIp = client.ip;
      locked.loginCount += 1;
      em.create(LoginEvent, { user: locked, at: now, ip: client.ip, userAgent: client.userAgent });
      return this.signedIn(locked, this.sessions.start(locked, client));
    });
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<SignedIn> {
    const issued = await this.sessions.rotate(refreshToken, client);
    const user = await this.em.findOne(User, issued.session.user.id);
    if (!user || !user.active) {
      await this.sessions.revoke(issued.session.id);
      throw new UnauthorizedError('This account is no longer available');
    }
    return this.signedIn(user, issued);
  }

  /** Ends the session a refresh token belongs to, if the token is its current one. */
  async logoutWithRefreshToken(refreshToken: string): Promise<void> {
    const sessionId = /^([0-9a-f-]{36})\./.exec(refreshToken)?.[1];
    const session = sessionId ? await this.em.findOne(Session, { id: sessionId }) : null;
    if (!session || !safeEqual(sha256(refreshToken), session.refreshTokenHash))
      throw new UnauthorizedError('The refresh token is invalid: you are signed out already');
    await this.sessions.revoke(session.id);
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }

  private signedIn(user: User, issued: IssuedSession): SignedIn {
    return {
      user,
      session: issued.session,
      refreshToken: issued.refreshToken,
      accessToken: this.accessTokens.sign({ userId: user.id, sessionId: issued.session.id }),
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}
