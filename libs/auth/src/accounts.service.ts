import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { ConflictError, RuleViolationError, UnauthorizedError } from '@tally/platform';
import { OneTimeTokenPurpose } from './auth.enums';
import { User } from './user.entity';
import { AccountSetup } from './account-setup';
import { AuthStateCache } from './auth-state.cache';
import { AuthMailProducer } from './auth-mail.producer';
import type { AuthUser } from './auth-user';
import { AccountTakenError, InvalidLinkError } from './auth.errors';
import { canonicalTimeZone } from './account.rules';
import { ClientInfo } from './client-info';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password-hasher.service';
import { PersonalAccessTokensService } from './personal-access-tokens.service';
import { SessionsService } from './sessions.service';

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  timezone?: string;
}

/** Sign-up, email confirmation and the password flows (change, forgot, reset). */
@Injectable()
export class AccountsService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly accessTokens: PersonalAccessTokensService,
    private readonly tokens: OneTimeTokensService,
    private readonly mail: AuthMailProducer,
    private readonly setup: AccountSetup,
    private readonly state: AuthStateCache,
  ) {}

  /** Creates the account with its default settings and sends the confirmation email. */
  async register(input: RegisterInput): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const timezone = input.timezone === undefined ? 'UTC' : canonicalTimeZone(input.timezone);
    if (!timezone) throw new RuleViolationError('timezone must be an IANA time zone name, like Europe/Berlin or UTC');
    const taken = await this.em.getRepository(User).taken({ username: input.username, email });
    if (taken.length) throw new AccountTakenError(taken);

    const user = this.em.create(User, {
      username: input.username,
      email,
      password: await this.passwords.hash(input.password),
      timezone,
    });
    this.setup.apply(this.em, user);
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw AccountTakenError.fromIndex(error.message);
      throw error;
    }
    await this.mail.confirmEmail(user.id);
    return user;
  }

  async confirmEmail(token: string): Promise<void> {
    const userId = await this.tokens.consume(this.em, token, OneTimeTokenPurpose.ConfirmEmail);
    const user = await this.em.findOne(User, userId);
    if (!user) throw new InvalidLinkError('confirmation');
    user.confirmedAt ??= new Date();
    await this.tokens.invalidate(this.em, userId, OneTimeTokenPurpose.ConfirmEmail);
    await this.em.flush();
  }

  async resendConfirmation(userId: number): Promise<void> {
    const user = await this.em.findOne(User, userId, { fields: ['id', 'confirmedAt'] });
    if (!user) throw new UnauthorizedError('This account no longer exists');
    if (user.confirmedAt) throw new ConflictError('Your email address is already confirmed');
    await this.mail.confirmEmail(userId);
  }

  /**
   * Sends a reset link if the address belongs to an active account. The caller answers the same
   * either way, and the mail is enqueued without waiting, so the response time does not tell
   * whether the account exists (quality.md S7).
   */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.em.findOne(User, { email: email.trim().toLowerCase() }, { fields: ['id', 'active'] });
    if (user?.active) void this.mail.resetPassword(user.id);
  }

  /** Sets a new password from a reset link and revokes every session and personal access token (S17). */
  async resetPassword(token: string, newPassword: string, client: ClientInfo): Promise<void> {
    const userId = await this.tokens.consume(this.em, token, OneTimeTokenPurpose.ResetPassword);
    const user = await this.em.findOne(User, userId);
    if (!user) throw new InvalidLinkError('password reset');
    user.password = await this.passwords.hash(newPassword);
    // The link reached the inbox, which proves the address as well as a confirmation would.
    user.confirmedAt ??= new Date();
    await this.tokens.invalidate(this.em, userId, OneTimeTokenPurpose.ResetPassword);
    await this.em.flush();
    // Whoever had the account may have left a session or a personal access token behind: all end,
    // in the database first, then in the guard's cache in one write (503 if Redis refuses it).
    const sessions = await this.sessions.endAll(userId);
    const tokens = await this.accessTokens.endAll(userId);
    await this.mail.passwordChanged(userId, client.ip, {
      sessions: sessions.map(({ device, ip }) => ({ device, ip })),
      tokens: tokens.map((t) => t.name),
    });
    await this.state.revoked({ sessions: sessions.map((s) => s.id), tokens: tokens.map((t) => t.tokenHash) });
  }

  /** Changes the password and signs out every other session (quality.md S4). */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string, client: ClientInfo) {
    const user = await this.em.findOne(User, caller.id, { populate: ['password'] });
    if (!user) throw new UnauthorizedError('This account no longer exists');
    await this.passwords.check(currentPassword, user.password, 'currentPassword');
    if (currentPassword === newPassword)
      throw new RuleViolationError('The new password must differ from the current one', [
        { field: 'newPassword', message: 'newPassword must differ from currentPassword' },
      ]);
    user.password = await this.passwords.hash(newPassword);
    await this.em.flush();
    const sessions = await this.sessions.endAll(user.id, caller.sessionId);
    await this.mail.passwordChanged(user.id, client.ip, {
      sessions: sessions.map(({ device, ip }) => ({ device, ip })),
      tokens: [],
    });
    await this.state.revoked({ sessions: sessions.map((s) => s.id) });
  }
}
