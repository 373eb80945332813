import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { RuleViolationError, UnauthorizedError, UserCache } from '@tally/platform';
import { ApiToken } from './api-token.entity';
import { Session } from './session.entity';
import { User } from './user.entity';
import { AccountTakenError, WrongTwoFactorCodeError } from './auth.errors';
import { AuthStateCache } from './auth-state.cache';
import { canonicalTimeZone } from './account.rules';
import { PasswordHasher } from './password-hasher.service';
import { TwoFactorService } from './two-factor.service';

export interface ProfileChanges {
  username?: string;
  timezone?: string;
}

/** The signed-in user's own account: profile and deletion. */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordHasher,
    private readonly twoFactor: TwoFactorService,
    private readonly state: AuthStateCache,
    private readonly userCache: UserCache,
  ) {}

  async get(userId: number): Promise<User> {
    const user = await this.em.findOne(User, userId);
    if (!user) throw new UnauthorizedError('This account no longer exists');
    return user;
  }

  async update(userId: number, changes: ProfileChanges): Promise<User> {
    const user = await this.get(userId);
    if (changes.username !== undefined && changes.username !== user.username) {
      const taken = await this.em.getRepository(User).taken({ username: changes.username }, userId);
      if (taken.length) throw new AccountTakenError(taken);
      user.username = changes.username;
    }
    if (changes.timezone !== undefined) {
      const timezone = canonicalTimeZone(changes.timezone);
      if (!timezone) throw new RuleViolationError('timezone must be an IANA time zone name, like Europe/Berlin or UTC');
      user.timezone = timezone;
    }
    // Cached reads (day boundaries follow the time zone) see the change at once (UserCache.write).
    await this.userCache.write(userId, async () => {
      try {
        await this.em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) throw AccountTakenError.fromIndex(error.message);
        throw error;
      }
    });
    // So does the guard.
    await this.state.userChanged(user);
    return user;
  }

  /** Deletes the account and every row of it (foreign keys cascade); needs the password (and code). */
  async delete(userId: number, password: string, code?: string): Promise<void> {
    const user = await this.em.findOne(User, userId, { populate: ['password', 'totpSecret'] });
    if (!user) throw new UnauthorizedError('This account no longer exists');
    await this.passwords.check(password, user.password);
    if (user.totpEnabledAt) {
      if (!code)
        throw new RuleViolationError('Two-factor authentication is on: send your current code as "code"', [
          { field: 'code', message: 'code is required for this account' },
        ]);
      if (!(await this.twoFactor.verify(user, code))) throw new WrongTwoFactorCodeError();
    }
    const sessions = await this.em.find(Session, { user: userId, revokedAt: null }, { fields: ['id'] });
    const tokens = await this.em.find(ApiToken, { user: userId, revokedAt: null }, { fields: ['tokenHash'] });
    await this.em.nativeDelete(User, { id: userId });
    this.em.clear();
    await this.state.revoked({
      sessions: sessions.map((s) => s.id),
      tokens: tokens.map((token) => token.tokenHash),
      userGone: userId,
    });
    // Ids are never reused, so the gone user's entries are never read again; the bump only frees them early.
    await this.userCache.bump(userId).catch(() => undefined);
  }
}
