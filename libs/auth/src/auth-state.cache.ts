import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig, RedisClient } from '@tally/platform';
import { ApiToken } from './api-token.entity';
import { ApiTokenScope, UserRole } from './auth.enums';
import { Session } from './session.entity';
import { User } from './user.entity';

/** What the guard needs to know about a user on every request. */
export interface Principal {
  id: number;
  username: string;
  role: UserRole;
  timezone: string;
  active: boolean;
}

export interface TokenState {
  id: number;
  userId: number;
  scopes: ApiTokenScope[];
  /** Epoch milliseconds, or null for a token that never expires. */
  expiresAt: number | null;
}

const key = {
  session: (id: string) => `tally:auth:session:${id}`,
  user: (id: number) => `tally:auth:user:${id}`,
  token: (hash: string) => `tally:auth:pat:${hash}`,
  tokenUsed: (id: number) => `tally:auth:pat-used:${id}`,
};

const REVOKED = 'revoked';
const GONE = 'gone';
/** How long a "still alive" answer from the database is trusted. */
const ALIVE_SECONDS = 60;
const PRINCIPAL_SECONDS = 300;
/** lastUsedAt of a personal access token is written at most once a minute. */
const TOKEN_USE_WRITE_SECONDS = 60;

/**
 * The guard's view of sessions, users and personal access tokens, cached in Redis so a request
 * costs one round trip (MGET) instead of database queries. MySQL stays the source of truth:
 *  - a miss reads the database and caches the answer with SET NX, so it can never overwrite a
 *    newer write;
 *  - a revocation or profile change writes the database first, then overwrites the cache entry
 *    (plain SET), so a concurrent reader that saw the old row cannot resurrect it;
 *  - if Redis is unavailable or loses its data, every check falls back to the database.
 * Logout therefore ends access immediately (quality.md S2) without a database query per request.
 */
@Injectable()
export class AuthStateCache {
  private readonly logger = new Logger(AuthStateCache.name);
  private readonly revokedSeconds: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly em: EntityManager,
    @InjectConfig() config: AppConfig,
  ) {
    // A revocation marker must outlive every access token issued before it.
    this.revokedSeconds = config.auth.accessTokenTtlSeconds + 60;
  }

  /** Whether the session is alive and belongs to the user, and the user's principal (null when gone). */
  async session(sessionId: string, userId: number): Promise<{ alive: boolean; principal: Principal | null }> {
    const [sessionValue, userValue] = await this.read([key.session(sessionId), key.user(userId)]);
    const alive =
      sessionValue === null ? await this.loadSession(sessionId, userId) : sessionValue === `alive:${userId}`;
    if (!alive) return { alive: false, principal: null };
    return { alive, principal: userValue === null ? await this.loadPrincipal(userId) : this.parsePrincipal(userValue) };
  }

  async principal(userId: number): Promise<Principal | null> {
    const [value] = await this.read([key.user(userId)]);
    return value === null ? this.loadPrincipal(userId) : this.parsePrincipal(value);
  }

  /** The personal access token with this hash, unless it is unknown or revoked (expiry is the caller's check). */
  async token(hash: string): Promise<TokenState | null> {
    const [value] = await this.read([key.token(hash)]);
    if (value !== null) return value === REVOKED ? null : (JSON.parse(value) as TokenState);
    const row = await this.em
      .fork()
      .findOne(ApiToken, { tokenHash: hash, revokedAt: null }, { fields: ['id', 'user', 'scopes', 'expiresAt'] });
    const state: TokenState | null = row
      ? { id: row.id, userId: row.user.id, scopes: row.scopes, expiresAt: row.expiresAt?.getTime() ?? null }
      : null;
    await this.setIfAbsent(key.token(hash), state ? JSON.stringify(state) : REVOKED, ALIVE_SECONDS);
    return state;
  }

  /** Records a personal access token's use, at most once a minute per token. */
  async touchToken(tokenId: number): Promise<void> {
    const first = await this.redis
      .set(key.tokenUsed(tokenId), '1', 'EX', TOKEN_USE_WRITE_SECONDS, 'NX')
      .catch(() => 'OK' as const);
    if (first === 'OK') await this.em.fork().nativeUpdate(ApiToken, { id: tokenId }, { lastUsedAt: new Date() });
  }

  async sessionsRevoked(sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    const pipeline = this.redis.pipeline();
    for (const id of sessionIds) pipeline.set(key.session(id), REVOKED, 'EX', this.revokedSeconds);
    await this.write(pipeline.exec());
  }

  async tokenRevoked(hash: string): Promise<void> {
    await this.write(this.redis.set(key.token(hash), REVOKED, 'EX', this.revokedSeconds));
  }

  /** After a profile change: the new principal replaces the cached one at once. */
  async userChanged(user: User): Promise<void> {
    await this.write(
      this.redis.set(key.user(user.id), JSON.stringify(this.toPrincipal(user)), 'EX', PRINCIPAL_SECONDS),
    );
  }

  async userDeleted(userId: number): Promise<void> {
    await this.write(this.redis.set(key.user(userId), GONE, 'EX', PRINCIPAL_SECONDS));
  }

  private async loadSession(sessionId: string, userId: number): Promise<boolean> {
    const row = await this.em
      .fork()
      .findOne(Session, { id: sessionId }, { fields: ['id', 'user', 'revokedAt', 'expiresAt'] });
    const alive = !!row && row.user.id === userId && !row.revokedAt && row.expiresAt > new Date();
    await this.setIfAbsent(
      key.session(sessionId),
      alive ? `alive:${userId}` : REVOKED,
      alive ? ALIVE_SECONDS : this.revokedSeconds,
    );
    return alive;
  }

  private async loadPrincipal(userId: number): Promise<Principal | null> {
    const user = await this.em
      .fork()
      .findOne(User, userId, { fields: ['id', 'username', 'role', 'timezone', 'active'] });
    const principal = user ? this.toPrincipal(user) : null;
    await this.setIfAbsent(key.user(userId), principal ? JSON.stringify(principal) : GONE, PRINCIPAL_SECONDS);
    return principal;
  }

  private parsePrincipal(value: string): Principal | null {
    return value === GONE ? null : (JSON.parse(value) as Principal);
  }

  private toPrincipal(user: Pick<User, 'id' | 'username' | 'role' | 'timezone' | 'active'>): Principal {
    return { id: user.id, username: user.username, role: user.role, timezone: user.timezone, active: user.active };
  }

  /** Redis down reads as "not cached": the database answers instead. */
  private async read(keys: string[]): Promise<(string | null)[]> {
    try {
      return await this.redis.mget(...keys);
    } catch {
      return keys.map(() => null);
    }
  }

  private async setIfAbsent(name: string, value: string, seconds: number): Promise<void> {
    await this.redis.set(name, value, 'EX', seconds, 'NX').catch(() => undefined);
  }

  /**
   * A failed overwrite is logged, not thrown: the database already holds the change, and cached
   * entries that contradict it expire on their own (sessions within a minute, profiles within five).
   */
  private async write(work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.logger.warn(`Could not update the auth cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
