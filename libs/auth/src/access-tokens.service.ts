import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@tally/platform';
import { sign } from 'jsonwebtoken';
import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  userId: number;
  sessionId: string;
}

/** The one algorithm access tokens are signed with, and the only one accepted (no `none`, no confusion). */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/**
 * Short-lived access tokens: JWT HS256 with `iss`, `aud`, `exp` and the session id (`sid`), so a
 * token whose session has ended can be refused. This is their format and keys; AccessTokenStrategy
 * checks them on requests. The keys are KeyObjects: jsonwebtoken re-imports a string secret on every
 * call (~690 µs); a KeyObject costs ~22 µs (quality.md P1). During a secret rotation, tokens signed
 * with JWT_SECRET_PREVIOUS are still accepted.
 */
@Injectable()
export class AccessTokensService {
  private readonly keys: KeyObject[];
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;

  constructor(@InjectConfig() config: AppConfig) {
    const secrets = [config.auth.jwtSecret, config.auth.jwtPreviousSecret].filter((s): s is string => !!s);
    this.keys = secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
    this.issuer = config.auth.issuer;
    this.audience = config.auth.audience;
    this.ttlSeconds = config.auth.accessTokenTtlSeconds;
  }

  sign(claims: AccessClaims): string {
    return sign({ sid: claims.sessionId }, this.keys[0]!, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      subject: String(claims.userId),
      issuer: this.issuer,
      audience: this.audience,
      expiresIn: this.ttlSeconds,
    });
  }

  /**
   * The key to verify `token` with: the current one, or during a rotation the previous one when it
   * is the key whose MAC the token carries. The verification itself (signature, algorithm, claims)
   * is jsonwebtoken's, with the key chosen here; a token no key signed gets the current one and fails.
   */
  keyFor(token: string): KeyObject {
    if (this.keys.length === 1) return this.keys[0]!;
    const end = token.lastIndexOf('.');
    const signature = Buffer.from(token.slice(end + 1), 'base64url');
    const signed = token.slice(0, Math.max(end, 0));
    const signedBy = (key: KeyObject) => {
      const mac = createHmac('sha256', key).update(signed).digest();
      return mac.length === signature.length && timingSafeEqual(mac, signature);
    };
    return this.keys.find(signedBy) ?? this.keys[0]!;
  }
}
