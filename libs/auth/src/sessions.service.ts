import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig, NotFoundError, UnauthorizedError } from '@tally/platform';
import { Session } from './session.entity';
import { User } from './user.entity';
import { randomUUID } from 'node:crypto';
import { AuthStateCache } from './auth-state.cache';
import { ClientInfo } from './client-info';
import { randomToken, safeEqual, sha256 } from './secret-token';

const DAY_MS = 86_400_000;
/** However often it is refreshed, a session ends this long after sign-in. */
const ABSOLUTE_LIFETIME_DAYS = 90;
const LIST_LIMIT = 100;

export interface IssuedSession {
  session: Session;
  /** `<session id>.<256 random bits>`; only its SHA-256 is stored. */
  refreshToken: string;
}

/**
 * Login sessions, one refresh-token family each. The refresh token is rotated on every use; a
 * token that is not the current one of its session means the family leaked (the legitimate
 * client already rotated past it), so the whole session is revoked (quality.md S3).
 */
@Injectable()
export class SessionsService {
  private readonly idleMs: number;

  constructor(
    private readonly em: EntityManager,
    private readonly state: AuthStateCache,
    @InjectConfig() config: AppConfig,
  ) {
    this.idleMs = config.auth.refreshTokenTtlDays * DAY_MS;
  }

  /** Creates the session; the caller flushes (it shares the unit of work with login tracking). */
  start(user: User, client: ClientInfo): IssuedSession {
    const id = randomUUID();
    const refreshToken = `${id}.${randomToken()}`;
    const session = this.em.create(Session, {
      id,
      user,
      refreshTokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.idleMs),
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { session, refreshToken };
  }

  /** Swaps a refresh token for a new one of the same session. */
  async rotate(refreshToken: string, client: ClientInfo): Promise<IssuedSession> {
    const sessionId = /^([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/.exec(refreshToken)?.[1];
    if (!sessionId) throw new UnauthorizedError('The refresh token is invalid: sign in again');
    const session = await this.em.findOne(Session, { id: sessionId });
    if (!session) throw new UnauthorizedError('The refresh token is invalid: sign in again');
    if (session.revokedAt) throw new UnauthorizedError('This session has ended: sign in again');

    const presentedHash = sha256(refreshToken);
    if (!safeEqual(presentedHash, session.refreshTokenHash)) {
      await this.revoke(session.id);
      throw new UnauthorizedError(
        'This refresh token was already used, so the session has been ended to protect your account: sign in again',
      );
    }
    const now = Date.now();
    if (session.expiresAt.getTime() <= now) throw new UnauthorizedError('The session has expired: sign in again');

    const next = `${session.id}.${randomToken()}`;
    const expiresAt = new Date(
      Math.min(now + this.idleMs, session.createdAt.getTime() + ABSOLUTE_LIFETIME_DAYS * DAY_MS),
    );
    // Compare-and-swap: of two concurrent refreshes with the same token only one wins; the loser
    // is a reuse and ends the session.
    const swapped = await this.em.nativeUpdate(
      Session,
      { id: session.id, refreshTokenHash: presentedHash, revokedAt: null },
      {
        refreshTokenHash: sha256(next),
        lastUsedAt: new Date(now),
        expiresAt,
        ip: client.ip,
        userAgent: client.userAgent,
      },
    );
    if (swapped !== 1) {
      await this.revoke(session.id);
      throw new UnauthorizedError('This refresh token was already used: sign in again');
    }
    await this.em.refresh(session);
    return { session, refreshToken: next };
  }

  /** Ends one session (its access tokens stop working at once). Returns false if it was not live. */
  async revoke(sessionId: string, userId?: number): Promise<boolean> {
    const where = userId === undefined ? { id: sessionId } : { id: sessionId, user: userId };
    const changed = await this.em.nativeUpdate(Session, { ...where, revokedAt: null }, { revokedAt: new Date() });
    // Never mark a session the caller does not own: the id alone must not end someone else's session.
    if (changed > 0 || userId === undefined) await this.state.sessionsRevoked([sessionId]);
    return changed > 0;
  }

  /** Ends every live session of the user, except `keep` (the caller's own, on a password change). */
  async revokeAll(userId: number, keep?: string | null): Promise<number> {
    const live = await this.em.find(
      Session,
      { user: userId, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) },
      { fields: ['id'] },
    );
    if (!live.length) return 0;
    const ids = live.map((s) => s.id);
    await this.em.nativeUpdate(Session, { id: { $in: ids }, revokedAt: null }, { revokedAt: new Date() });
    await this.state.sessionsRevoked(ids);
    return ids.length;
  }

  /** Live sessions, most recently used first. */
  listLive(userId: number): Promise<Session[]> {
    return this.em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastUsedAt: 'desc' }, limit: LIST_LIMIT },
    );
  }

  async revokeOwn(userId: number, sessionId: string): Promise<void> {
    if (!(await this.revoke(sessionId, userId))) throw new NotFoundError('No such active session');
  }
}
