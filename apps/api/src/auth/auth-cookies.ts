import '@fastify/cookie';
import { Injectable } from '@nestjs/common';
import { randomToken, safeEqual } from '@tally/auth';
import { AppConfig, ForbiddenError, InjectConfig } from '@tally/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The refresh cookie is only ever sent to the auth routes. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The cookies of a browser session:
 *  - the refresh token: HttpOnly, SameSite=Strict, Path=/api/v1/auth, and in production Secure with
 *    the `__Secure-` prefix (`__Host-` would force Path=/ and send it with every request);
 *  - a CSRF token (double submit): readable by the page, which echoes it in X-CSRF-Token on the
 *    cookie-authenticated routes (refresh, logout); `__Host-` prefixed in production so no
 *    subdomain can plant one.
 */
@Injectable()
export class AuthCookies {
  readonly refreshName: string;
  readonly csrfName: string;
  private readonly secure: boolean;
  private readonly maxAgeSeconds: number;

  constructor(@InjectConfig() config: AppConfig) {
    this.secure = config.auth.secureCookies;
    this.refreshName = this.secure ? '__Secure-tally_refresh' : 'tally_refresh';
    this.csrfName = this.secure ? '__Host-tally_csrf' : 'tally_csrf';
    this.maxAgeSeconds = config.auth.refreshTokenTtlDays * 86_400;
  }

  /** Sets the refresh cookie and a fresh CSRF token. */
  start(reply: FastifyReply, refreshToken: string): void {
    const common = { secure: this.secure, sameSite: 'strict' as const, maxAge: this.maxAgeSeconds };
    void reply.setCookie(this.refreshName, refreshToken, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH });
    void reply.setCookie(this.csrfName, randomToken(), { ...common, httpOnly: false, path: '/' });
  }

  clear(reply: FastifyReply): void {
    const common = { secure: this.secure, sameSite: 'strict' as const };
    void reply.clearCookie(this.refreshName, { ...common, httpOnly: true, path: REFRESH_COOKIE_PATH });
    void reply.clearCookie(this.csrfName, { ...common, path: '/' });
  }

  refreshToken(request: FastifyRequest): string | null {
    const value = request.cookies?.[this.refreshName];
    return typeof value === 'string' && value.length > 0 ? value : null;
  }

  /** Cookie-authenticated requests must echo the CSRF cookie in the X-CSRF-Token header (quality.md S12). */
  checkCsrf(request: FastifyRequest): void {
    const cookie = request.cookies?.[this.csrfName];
    const header = request.headers[CSRF_HEADER];
    if (!cookie || typeof header !== 'string' || !safeEqual(cookie, header))
      throw new ForbiddenError(
        `Missing or wrong CSRF token: send the value of the ${this.csrfName} cookie in the X-CSRF-Token header`,
      );
  }
}
