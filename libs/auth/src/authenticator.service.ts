import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@tally/platform';
import { ApiTokenScope } from './auth.enums';
import { AccessTokens } from './access-tokens.service';
import type { AuthUser } from './auth-user';
import { AuthStateCache, Principal } from './auth-state.cache';
import { PERSONAL_ACCESS_TOKEN_PREFIX } from './personal-access-tokens.service';
import { sha256 } from './secret-token';

const SESSION_SCOPES = [ApiTokenScope.Read, ApiTokenScope.Write];
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{1,2048}) *$/i;

/**
 * Resolves `Authorization: Bearer …` to the caller: an access token (JWT bound to a live session)
 * or a personal access token. This is on the path of every authenticated request, so it costs a
 * signature check (~20 µs, once per token and process: AccessTokens remembers verified tokens) and
 * one Redis round trip (AuthStateCache), not database queries.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly state: AuthStateCache,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    if (!authorization) throw new UnauthorizedError('Authentication is required: send "Authorization: Bearer <token>"');
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw new UnauthorizedError('The Authorization header must be "Bearer <token>"');
    return token.startsWith(PERSONAL_ACCESS_TOKEN_PREFIX) ? this.personalToken(token) : this.accessToken(token);
  }

  private async accessToken(token: string): Promise<AuthUser> {
    const claims = this.accessTokens.verify(token);
    const { alive, principal } = await this.state.session(claims.sessionId, claims.userId);
    if (!alive) throw new UnauthorizedError('This session has ended: sign in again');
    return this.toAuthUser(principal, 'session', claims.sessionId, SESSION_SCOPES);
  }

  private async personalToken(token: string): Promise<AuthUser> {
    const record = await this.state.token(sha256(token));
    if (!record) throw new UnauthorizedError('The personal access token is invalid or has been revoked');
    if (record.expiresAt !== null && record.expiresAt <= Date.now())
      throw new UnauthorizedError('The personal access token has expired: create a new one');
    const user = this.toAuthUser(await this.state.principal(record.userId), 'token', null, record.scopes);
    await this.state.touchToken(record.id);
    return user;
  }

  private toAuthUser(
    principal: Principal | null,
    via: AuthUser['via'],
    sessionId: string | null,
    scopes: ApiTokenScope[],
  ): AuthUser {
    if (!principal) throw new UnauthorizedError('This account no longer exists');
    if (!principal.active) throw new UnauthorizedError('This account is disabled');
    return {
      id: principal.id,
      username: principal.username,
      role: principal.role,
      timezone: principal.timezone,
      via,
      sessionId,
      scopes,
    };
  }
}
