import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@tally/platform';
import { createHmac, hkdfSync } from 'node:crypto';
import { AuthStateCache } from './auth-state.cache';
import { UserRole } from './auth.enums';
import type { AuthUser } from './auth-user';
import { safeEqual } from './secret-token';

/** How long a pass lasts: a quarter of an hour, then the admin asks for a new one. */
export const ADMIN_CONSOLE_PASS_SECONDS = 15 * 60;

/** Why a pass was refused: no valid pass (401), or a pass whose holder is no longer an admin (403). */
export type PassRefusal = 'unauthenticated' | 'forbidden';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Short-lived passes to the admin consoles a browser opens by navigating (Bull Board), which sends
 * no Bearer token. An admin signed in with a password asks for one over the API; it is a cookie
 * value `{userId}.{sessionId}.{expires}.{HMAC}` (HMAC-SHA-256 with a key derived from JWT_SECRET,
 * its own label; JWT_SECRET_PREVIOUS still verifies during a rotation). Each request checks the
 * signature and expiry, then that the session it was issued to is still alive and its user still an
 * active admin (AuthStateCache: one Redis round trip), so logout or a demotion ends it at once.
 */
@Injectable()
export class AdminConsolePasses {
  private readonly keys: Buffer[];

  constructor(
    private readonly state: AuthStateCache,
    @InjectConfig() config: AppConfig,
  ) {
    const secrets = [config.auth.jwtSecret, ...(config.auth.jwtPreviousSecret ? [config.auth.jwtPreviousSecret] : [])];
    this.keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, '', 'tally admin console pass', 32)));
  }

  /** A pass for an admin's password session (the caller's guard checked both). */
  issue(user: Pick<AuthUser, 'id' | 'role' | 'sessionId'>, now = Date.now()): string {
    if (user.role !== UserRole.Admin || !user.sessionId) throw new Error('Only an admin session gets a console pass');
    const body = `${user.id}.${user.sessionId}.${Math.floor(now / 1000) + ADMIN_CONSOLE_PASS_SECONDS}`;
    return `${body}.${this.sign(this.keys[0]!, body)}`;
  }

  /** Null when the pass is good now; otherwise why not. */
  async check(pass: string | undefined, now = Date.now()): Promise<PassRefusal | null> {
    const parts = (pass ?? '').split('.');
    if (parts.length !== 4) return 'unauthenticated';
    const [user, sessionId, expires, signature] = parts as [string, string, string, string];
    if (!/^[1-9]\d{0,9}$/.test(user) || !UUID.test(sessionId) || !/^\d{1,12}$/.test(expires)) return 'unauthenticated';
    const body = `${user}.${sessionId}.${expires}`;
    if (!this.keys.some((key) => safeEqual(this.sign(key, body), signature))) return 'unauthenticated';
    if (Number(expires) * 1000 <= now) return 'unauthenticated';
    const { alive, principal } = await this.state.session(sessionId, Number(user));
    if (!alive || !principal?.active) return 'unauthenticated';
    return principal.role === UserRole.Admin ? null : 'forbidden';
  }

  private sign(key: Buffer, body: string): string {
    return createHmac('sha256', key).update(body).digest('base64url');
  }
}
