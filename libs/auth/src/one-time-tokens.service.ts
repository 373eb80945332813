import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { OneTimeToken } from './one-time-token.entity';
import { OneTimeTokenPurpose } from './auth.enums';
import { InvalidLinkError } from './auth.errors';
import { randomToken, sha256 } from './secret-token';

/** quality.md S6: 24 h to confirm an address, 1 h to use a reset link. */
export const ONE_TIME_TOKEN_LIFETIME_MS: Record<OneTimeTokenPurpose, number> = {
  [OneTimeTokenPurpose.ConfirmEmail]: 24 * 3_600_000,
  [OneTimeTokenPurpose.ResetPassword]: 3_600_000,
};

const WHAT: Record<OneTimeTokenPurpose, 'confirmation' | 'password reset'> = {
  [OneTimeTokenPurpose.ConfirmEmail]: 'confirmation',
  [OneTimeTokenPurpose.ResetPassword]: 'password reset',
};

/**
 * Email confirmation and password reset tokens: 256 random bits, stored as SHA-256, single use,
 * expiring. The worker issues them while composing the mail, so the raw token exists only in the
 * email (never in Redis job data or logs).
 */
@Injectable()
export class OneTimeTokensService {
  /** Creates a token and returns it raw (for the link); flushes. */
  async issue(em: EntityManager, userId: number, purpose: OneTimeTokenPurpose): Promise<string> {
    const token = randomToken();
    const now = new Date();
    em.create(OneTimeToken, {
      user: userId,
      purpose,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ONE_TIME_TOKEN_LIFETIME_MS[purpose]),
    });
    await em.flush();
    return token;
  }

  /** Uses up a token (atomically: of two concurrent uses only one succeeds) and returns its user id. */
  async consume(em: EntityManager, token: string, purpose: OneTimeTokenPurpose): Promise<number> {
    const row = await em.findOne(OneTimeToken, { tokenHash: sha256(token), purpose });
    const now = new Date();
    if (!row || row.usedAt || row.expiresAt <= now) throw new InvalidLinkError(WHAT[purpose]);
    const used = await em.nativeUpdate(OneTimeToken, { id: row.id, usedAt: null }, { usedAt: now });
    if (used !== 1) throw new InvalidLinkError(WHAT[purpose]);
    return row.user.id;
  }

  /** Makes every outstanding token of that purpose unusable (after a reset, or once confirmed). */
  async invalidate(em: EntityManager, userId: number, purpose: OneTimeTokenPurpose): Promise<void> {
    await em.nativeUpdate(OneTimeToken, { user: userId, purpose, usedAt: null }, { usedAt: new Date() });
  }
}
