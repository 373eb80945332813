import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { TOKEN_LIMITS } from '@tally/contracts';
import { ConflictError, NotFoundError, RuleViolationError } from '@tally/platform';
import { ApiToken } from './api-token.entity';
import { ApiTokenScope } from './auth.enums';
import { User } from './user.entity';
import { AuthStateCache } from './auth-state.cache';
import { randomToken, sha256 } from './secret-token';

/** Recognisable by people and secret scanners, and tells the guard it is not a JWT. */
export const PERSONAL_ACCESS_TOKEN_PREFIX = 'tally_pat_';
export const MAX_PERSONAL_ACCESS_TOKENS = TOKEN_LIMITS.perUser;

export interface NewPersonalAccessToken {
  name: string;
  scopes: ApiTokenScope[];
  expiresInDays?: number;
}

/** Personal access tokens (quality.md S14): shown once, stored as SHA-256, scoped, revocable. */
@Injectable()
export class PersonalAccessTokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly state: AuthStateCache,
  ) {}

  /** Creates a token; the raw value is returned here and never again. */
  async create(userId: number, input: NewPersonalAccessToken): Promise<{ token: string; record: ApiToken }> {
    const live = await this.em.find(ApiToken, { user: userId, revokedAt: null }, { fields: ['name'] });
    if (live.length >= MAX_PERSONAL_ACCESS_TOKENS)
      throw new RuleViolationError(`You have ${MAX_PERSONAL_ACCESS_TOKENS} tokens already: revoke one first`);
    if (live.some((t) => t.name.toLowerCase() === input.name.toLowerCase()))
      throw new ConflictError('You already have a token with this name', [
        { field: 'name', message: 'name is already used by another of your tokens' },
      ]);

    const token = `${PERSONAL_ACCESS_TOKEN_PREFIX}${randomToken()}`;
    const record = this.em.create(ApiToken, {
      user: this.em.getReference(User, userId),
      name: input.name,
      tokenHash: sha256(token),
      scopes: [...new Set(input.scopes)].sort(),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
    await this.em.flush();
    return { token, record };
  }

  /** Tokens not revoked, newest first (expired ones included, so they can be cleaned up). */
  list(userId: number): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { user: userId, revokedAt: null }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /**
   * Revokes every live token of the user in the database (a password reset, quality.md S17); the
   * caller passes the hashes on to AuthStateCache. Returns their names and hashes.
   */
  async endAll(userId: number): Promise<Array<{ name: string; tokenHash: string }>> {
    const live = await this.em.find(
      ApiToken,
      { user: userId, revokedAt: null },
      { fields: ['id', 'name', 'tokenHash'], orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    if (!live.length) return [];
    await this.em.nativeUpdate(
      ApiToken,
      { id: { $in: live.map((t) => t.id) }, revokedAt: null },
      { revokedAt: new Date() },
    );
    return live.map((t) => ({ name: t.name, tokenHash: t.tokenHash }));
  }

  async revoke(userId: number, tokenId: number): Promise<void> {
    const record = await this.em.findOne(ApiToken, { id: tokenId, user: userId, revokedAt: null });
    if (!record) throw new NotFoundError('No such token');
    record.revokedAt = new Date();
    await this.em.flush();
    await this.state.tokenRevoked(record.tokenHash);
  }
}
