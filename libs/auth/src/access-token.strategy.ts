import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { BoundedMap, UnauthorizedError } from '@tally/platform';
import { TokenExpiredError } from 'jsonwebtoken';
import { Strategy as JwtStrategy } from 'passport-jwt';
import { ACCESS_TOKEN_ALGORITHM, AccessClaims, AccessTokensService } from './access-tokens.service';
import { ApiTokenScope } from './auth.enums';
import { AuthStateCache } from './auth-state.cache';
import { AuthUser, toAuthUser } from './auth-user';
import { bearerTokenOf, isPersonalAccessToken } from './bearer-token';
import { PassportStrategyNames, REGISTERED_PER_APP } from './passport-strategy-names';

const SESSION_SCOPES = [ApiTokenScope.Read, ApiTokenScope.Write];
/** Verified tokens remembered per process; the oldest is dropped beyond this. */
const VERIFIED_MAX = 10_000;

interface Verified {
  claims: AccessClaims;
  /** When the token expires, epoch ms. */
  expiresAt: number;
}

type Request = Parameters<JwtStrategy['authenticate']>[0];

/** The Bearer token, unless it is a personal access token (PersonalAccessTokenStrategy's). */
const accessTokenOf = (request: Request): string | null => {
  const token = bearerTokenOf(request);
  return token === null || isPersonalAccessToken(token) ? null : token;
};

/** Why passport-jwt (jsonwebtoken) refused an access token, in the api's words. */
export const accessTokenRefusal = (failure: unknown): UnauthorizedError =>
  failure instanceof TokenExpiredError
    ? new UnauthorizedError('The access token has expired: get a new one from POST /api/v1/auth/refresh')
    : new UnauthorizedError('The access token is invalid');

function claimsOf(payload: unknown): Verified {
  const { sub, sid, exp } = (payload ?? {}) as { sub?: unknown; sid?: unknown; exp?: unknown };
  if (typeof sub !== 'string' || !/^\d{1,10}$/.test(sub) || typeof sid !== 'string' || sid.length > 64)
    throw new UnauthorizedError('The access token is invalid');
  // jsonwebtoken checks `exp` only when a token has one: one without it would never expire.
  if (typeof exp !== 'number') throw new UnauthorizedError('The access token is invalid');
  return { claims: { userId: Number(sub), sessionId: sid }, expiresAt: exp * 1000 };
}

/**
 * `Authorization: Bearer <access token>` through passport-jwt: HS256 only (no `alg: none`, no
 * algorithm confusion), `iss`, `aud` and `exp` required, the key from AccessTokensService (a KeyObject);
 * then the session named by `sid` must still be alive and the account active (AuthStateCache: one
 * Redis round trip), on every request, so logout ends access at once.
 *
 * A client sends the same token with every request for 15 minutes, so a token that verified is
 * remembered (its exact text, with its expiry) and not checked again: the HMAC, the two JSON
 * parses and the claim checks are done once per token and process, not per request. Only genuine
 * tokens are remembered, and one past its expiry is refused as before; the session check still runs
 * every time, so remembering a token never extends a session.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(JwtStrategy) {
  private readonly verified = new BoundedMap<string, Verified>(VERIFIED_MAX);

  constructor(
    accessTokens: AccessTokensService,
    private readonly state: AuthStateCache,
    names: PassportStrategyNames,
  ) {
    super({
      jwtFromRequest: accessTokenOf,
      // jsonwebtoken takes the KeyObject as it is; passport-jwt's types only name string | Buffer.
      secretOrKeyProvider: (_request: unknown, token: string, done: (error: null, key: Buffer) => void) =>
        done(null, accessTokens.keyFor(token) as unknown as Buffer),
      // Top-level options: passport-jwt copies these over `jsonWebTokenOptions`, even when undefined.
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: accessTokens.issuer,
      audience: accessTokens.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
    passport.use(names.accessToken, this);
  }

  /** Registered under this app's own name (above), not under one name for the whole process. */
  getPassportInstance() {
    return REGISTERED_PER_APP;
  }

  /** Passport calls this per request (on an object whose prototype is this strategy). */
  override authenticate(request: Request, options?: unknown): void {
    const token = accessTokenOf(request);
    const known = token === null ? undefined : this.verified.get(token);
    if (known && known.expiresAt > Date.now()) {
      this.userFor(known.claims).then(
        (user) => this.success(user),
        (error: Error) => this.error(error),
      );
      return;
    }
    if (known) this.verified.delete(token!);
    super.authenticate(request, options);
  }

  /** passport-jwt's verify callback: the signature, algorithm, `iss`, `aud` and `exp` are good. */
  async validate(request: Request, payload: unknown): Promise<AuthUser> {
    const verified = claimsOf(payload);
    this.verified.set(accessTokenOf(request)!, verified);
    return this.userFor(verified.claims);
  }

  private async userFor(claims: AccessClaims): Promise<AuthUser> {
    const { alive, principal } = await this.state.session(claims.sessionId, claims.userId);
    if (!alive) throw new UnauthorizedError('This session has ended: sign in again');
    return toAuthUser(principal, 'session', claims.sessionId, SESSION_SCOPES);
  }
}
