import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig, NotFoundError, UnauthorizedError } from '@tally/platform';
import { PREVIOUS_REFRESH_HASHES, Session } from './session.entity';
import { User } from './user.entity';
import { randomUUID } from 'node:crypto';
import { AuthStateCache } from './auth-state.cache';
import { ClientInfo } from './client-info';
import { randomToken, safeEqual, sha256 } from './secret-token';

const DAY_MS = 86_400_000;
/** However often it is refreshed, a session ends this long after sign-in. */
const ABSOLUTE_LIFETIME_DAYS = 90;
const LIST_LIMIT = 100;

export interface RevokedSession {
  id: string;
  device: string | null;
  ip: string | null;
}

export interface IssuedSession {
  session: Session;
  /** `<session id>.<256 random bits>`; only its SHA-256 is stored. */
  refreshToken: string;
}

/**
 * Login sessions, one refresh-token family each. The refresh token is rotated on every use; a
 * token the session issued earlier and rotated past, presented again, means the family leaked
 * (the legitimate client already rotated past it), so the whole session is revoked (quality.md
 * S3). A token it never issued is only refused: it proves nothing but that someone knows the id.
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
    const previous = session.previousRefreshTokenHashes?.split(',') ?? [];
    if (!safeEqual(presentedHash, session.refreshTokenHash)) {
      // Only a token this session really issued and rotated past proves the family leaked. Any other
      // string of the right shape is a forgery (the session id is readable in every access token):
      // refused, and the session lives on.
      if (!previous.some((hash) => safeEqual(presentedHash, hash)))
        throw new UnauthorizedError('The refresh token is invalid: sign in again');
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
        previousRefreshTokenHashes: [presentedHash, ...previous].slice(0, PREVIOUS_REFRESH_HASHES).join(','),
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

  /**
   * Ends every live session of the user, except `keep` (the caller's own, on a password change),
   * and says which ended (device and address), for the mail that tells the owner.
   */
  async revokeAll(userId: number, keep?: string | null): Promise<RevokedSession[]> {
    const ended = await this.endAll(userId, keep);
    await this.state.sessionsRevoked(ended.map((s) => s.id));
    return ended;
  }

  /** revokeAll's database half: the caller passes the ids on to AuthStateCache. */
  async endAll(userId: number, keep?: string | null): Promise<RevokedSession[]> {
    const others = keep ? { id: { $ne: keep } } : {};
    const live = await this.em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: new Date() }, ...others },
      { fields: ['id', 'userAgent', 'ip'], orderBy: { lastUsedAt: 'desc' } },
    );
    // Expired ones too: nothing signed in with the old password may be refreshed again.
    await this.em.nativeUpdate(Session, { user: userId, revokedAt: null, ...others }, { revokedAt: new Date() });
    return live.map((s) => ({ id: s.id, device: s.userAgent, ip: s.ip }));
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
