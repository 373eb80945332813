import { Injectable } from '@nestjs/common';
import { AppConfig, BoundedMap, InjectConfig, UnauthorizedError } from '@tally/platform';
import { JsonWebTokenError, sign, TokenExpiredError, verify } from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';

export interface AccessClaims {
  userId: number;
  sessionId: string;
}

const ALGORITHM = 'HS256';
/** Verified tokens remembered per process; the oldest is dropped beyond this. */
const VERIFIED_MAX = 10_000;

interface Verified {
  claims: AccessClaims;
  /** When the token expires, epoch ms. */
  expiresAt: number;
}

/**
 * Short-lived access tokens: JWT HS256 with `iss`, `aud`, `exp` and the session id (`sid`), so the
 * guard can refuse a token whose session has ended. The secret is a KeyObject: jsonwebtoken
 * re-imports a string secret on every call (~690 µs); a KeyObject costs ~22 µs (quality.md P1).
 * During a secret rotation, tokens signed with JWT_SECRET_PREVIOUS are still accepted.
 *
 * A client sends the same token with every request for 15 minutes, so a token that verified is
 * remembered (its exact text, with its expiry) and not checked again: the HMAC, the two JSON
 * parses and the claim checks are done once per token and process, not per request. Only genuine
 * tokens are remembered, and one past its expiry is refused as before. Whether its session is
 * still alive is not a property of the token: the guard asks on every request (AuthStateCache).
 */
@Injectable()
export class AccessTokens {
  private readonly keys: KeyObject[];
  private readonly issuer: string;
  private readonly audience: string;
  readonly ttlSeconds: number;
  private readonly verified = new BoundedMap<string, Verified>(VERIFIED_MAX);

  constructor(@InjectConfig() config: AppConfig) {
    const secrets = [config.auth.jwtSecret, config.auth.jwtPreviousSecret].filter((s): s is string => !!s);
    this.keys = secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
    this.issuer = config.auth.issuer;
    this.audience = config.auth.audience;
    this.ttlSeconds = config.auth.accessTokenTtlSeconds;
  }

  sign(claims: AccessClaims): string {
    return sign({ sid: claims.sessionId }, this.keys[0]!, {
      algorithm: ALGORITHM,
      subject: String(claims.userId),
      issuer: this.issuer,
      audience: this.audience,
      expiresIn: this.ttlSeconds,
    });
  }

  /** The claims of a genuine, unexpired token for this installation; UnauthorizedError otherwise. */
  verify(token: string): AccessClaims {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    if (known) this.verified.delete(token);
    const { claims, expiresAt } = this.verifySignature(token);
    this.verified.set(token, { claims, expiresAt });
    return claims;
  }

  private verifySignature(token: string): Verified {
    for (let i = 0; i < this.keys.length; i++) {
      let payload: unknown;
      try {
        // `algorithms` pinned: `alg: none` and algorithm confusion are refused by the library.
        payload = verify(token, this.keys[i]!, {
          algorithms: [ALGORITHM],
          issuer: this.issuer,
          audience: this.audience,
        });
      } catch (error) {
        if (error instanceof TokenExpiredError)
          throw new UnauthorizedError('The access token has expired: get a new one from POST /api/v1/auth/refresh');
        const wrongKey = error instanceof JsonWebTokenError && error.message === 'invalid signature';
        if (wrongKey && i < this.keys.length - 1) continue;
        throw new UnauthorizedError('The access token is invalid');
      }
      return this.claimsOf(payload);
    }
    throw new UnauthorizedError('The access token is invalid');
  }

  private claimsOf(payload: unknown): Verified {
    const { sub, sid, exp } = (payload ?? {}) as { sub?: unknown; sid?: unknown; exp?: unknown };
    if (typeof sub !== 'string' || !/^\d{1,10}$/.test(sub) || typeof sid !== 'string' || sid.length > 64)
      throw new UnauthorizedError('The access token is invalid');
    if (typeof exp !== 'number') throw new UnauthorizedError('The access token is invalid');
    return { claims: { userId: Number(sub), sessionId: sid }, expiresAt: exp * 1000 };
  }
}
