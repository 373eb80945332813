import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, InjectConfig, RedisClient, ServiceUnavailableError } from '@tally/platform';
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
/** How often this process retries the cache writes it owes (while Redis is away). */
const PENDING_RETRY_MS = 500;

type Entry = [name: string, value: string, seconds: number];

/** A cache entry this process must write: it overrides what Redis says here until it is written. */
interface Owed {
  value: string;
  seconds: number;
}

/**
 * The guard's view of sessions, users and personal access tokens, cached in Redis so a request
 * costs one round trip (MGET) instead of database queries. MySQL stays the source of truth:
 *  - a miss reads the database and caches the answer with SET NX, so it can never overwrite a
 *    newer write;
 *  - a revocation or profile change writes the database first, then overwrites the cache entry
 *    (plain SET), so a concurrent reader that saw the old row cannot resurrect it;
 *  - if Redis is unavailable or loses its data, every check falls back to the database.
 * Logout therefore ends access immediately (quality.md S2) without a database query per request.
 *
 * Revocation fails closed (issue 9 item 5): the database change is made before answering, and if
 * the cache entry cannot be overwritten the request fails (503, "saved, retry") instead of letting
 * a cached "alive" live on unnoticed. The entry is then owed: this process answers from it at once
 * (its checks see the revocation) and writes it as soon as Redis takes writes again (retried every
 * PENDING_RETRY_MS and on reconnect). Other processes read Redis; while it is away they read the
 * database, which already says "revoked".
 */
@Injectable()
export class AuthStateCache implements OnModuleDestroy {
  private readonly logger = new Logger(AuthStateCache.name);
  private readonly revokedSeconds: number;
  /** Entries whose write failed: key → what must be written. */
  private readonly owed = new Map<string, Owed>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly onReady = () => void this.payDebts();

  constructor(
    private readonly redis: RedisClient,
    private readonly em: EntityManager,
    @InjectConfig() config: AppConfig,
  ) {
    // A revocation marker must outlive every access token issued before it.
    this.revokedSeconds = config.auth.accessTokenTtlSeconds + 60;
    redis.on('ready', this.onReady);
  }

  onModuleDestroy(): void {
    this.redis.off('ready', this.onReady);
    if (this.retryTimer) clearInterval(this.retryTimer);
  }

  /** How many cache writes this process still owes (for tests and health). */
  get owedWrites(): number {
    return this.owed.size;
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
    await this.write(sessionIds.map((id) => [key.session(id), REVOKED, this.revokedSeconds]));
  }

  /** Several revocations in one write: one 503 at most, and none is skipped because another failed. */
  async revoked(changes: { sessions?: string[]; tokens?: string[]; userGone?: number }): Promise<void> {
    await this.write([
      ...(changes.sessions ?? []).map((id): Entry => [key.session(id), REVOKED, this.revokedSeconds]),
      ...(changes.tokens ?? []).map((hash): Entry => [key.token(hash), REVOKED, this.revokedSeconds]),
      ...(changes.userGone === undefined ? [] : [[key.user(changes.userGone), GONE, PRINCIPAL_SECONDS] as Entry]),
    ]);
  }

  async tokenRevoked(hash: string): Promise<void> {
    await this.tokensRevoked([hash]);
  }

  async tokensRevoked(hashes: string[]): Promise<void> {
    await this.write(hashes.map((hash) => [key.token(hash), REVOKED, this.revokedSeconds]));
  }

  /** After a profile change (or the account being disabled): the new principal replaces the cached one at once. */
  async userChanged(user: User): Promise<void> {
    await this.write([[key.user(user.id), JSON.stringify(this.toPrincipal(user)), PRINCIPAL_SECONDS]]);
  }

  async userDeleted(userId: number): Promise<void> {
    await this.write([[key.user(userId), GONE, PRINCIPAL_SECONDS]]);
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

  /** Anything but a principal this code wrote reads as "no such user": closed, not open. */
  private parsePrincipal(value: string): Principal | null {
    if (value === GONE) return null;
    try {
      const principal = JSON.parse(value) as Principal;
      return typeof principal?.id === 'number' ? principal : null;
    } catch {
      return null;
    }
  }

  private toPrincipal(user: Pick<User, 'id' | 'username' | 'role' | 'timezone' | 'active'>): Principal {
    return { id: user.id, username: user.username, role: user.role, timezone: user.timezone, active: user.active };
  }

  /**
   * Redis down reads as "not cached": the database answers instead. An entry this process owes
   * (a revocation it could not write yet) wins over whatever Redis holds.
   */
  private async read(keys: string[]): Promise<(string | null)[]> {
    let values: (string | null)[];
    try {
      values = await this.redis.mget(...keys);
    } catch {
      values = keys.map(() => null);
    }
    return this.owed.size ? values.map((value, i) => this.owed.get(keys[i])?.value ?? value) : values;
  }

  private async setIfAbsent(name: string, value: string, seconds: number): Promise<void> {
    if (this.owed.has(name)) return;
    await this.redis.set(name, value, 'EX', seconds, 'NX').catch(() => undefined);
  }

  /**
   * Overwrites entries after the database has changed. If Redis does not take them, they are owed
   * (see the class comment) and the request fails with 503: the change is saved, but a cached
   * "alive" elsewhere could outlive it, so the client must not be told it is done.
   */
  private async write(entries: Entry[]): Promise<void> {
    if (!entries.length) return;
    try {
      await this.set(entries);
      for (const [name] of entries) this.owed.delete(name);
    } catch (error) {
      for (const [name, value, seconds] of entries) this.owed.set(name, { value, seconds });
      this.retryTimer ??= setInterval(() => void this.payDebts(), PENDING_RETRY_MS);
      this.retryTimer.unref();
      this.logger.warn(
        `Could not update the auth cache (${error instanceof Error ? error.message : String(error)}); ` +
          `${this.owed.size} entries owed, retried until Redis takes them`,
      );
      throw new ServiceUnavailableError(
        'Your change is saved, but could not reach every server yet; it is being retried: please try again in a few seconds',
      );
    }
  }

  private async set(entries: Entry[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [name, value, seconds] of entries) pipeline.set(name, value, 'EX', seconds);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error('Redis answered nothing');
  }

  /** Writes what is owed; what fails stays owed. */
  private async payDebts(): Promise<void> {
    if (!this.owed.size) return;
    const entries = [...this.owed].map(([name, owed]) => [name, owed.value, owed.seconds] as [string, string, number]);
    try {
      await this.set(entries);
    } catch {
      return;
    }
    for (const [name, value] of entries) if (this.owed.get(name)?.value === value) this.owed.delete(name);
    if (!this.owed.size && this.retryTimer) {
      clearInterval(this.retryTimer);
      this.retryTimer = null;
    }
    this.logger.log(`Wrote the auth cache entries owed since Redis went away (${entries.length})`);
  }
}
