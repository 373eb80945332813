import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { UnauthorizedError } from '@tally/platform';
import { Strategy as CustomStrategy } from 'passport-custom';
import { AuthStateCache } from './auth-state.cache';
import { AuthUser, toAuthUser } from './auth-user';
import { bearerTokenOf, isPersonalAccessToken } from './bearer-token';
import { PassportStrategyNames, REGISTERED_PER_APP } from './passport-strategy-names';
import { sha256 } from './secret-token';

type Request = Parameters<InstanceType<typeof CustomStrategy>['authenticate']>[0];

/**
 * `Authorization: Bearer tally_pat_…`: the token is looked up by its SHA-256 (AuthStateCache: Redis,
 * MySQL on a miss), refused when unknown, revoked or expired, and its use recorded (at most once a
 * minute). Any other Bearer token is not this strategy's: it declines, and AccessTokenStrategy's
 * answer stands.
 */
@Injectable()
export class PersonalAccessTokenStrategy extends PassportStrategy(CustomStrategy) {
  constructor(
    private readonly state: AuthStateCache,
    names: PassportStrategyNames,
  ) {
    super();
    passport.use(names.personalAccessToken, this);
  }

  /** Registered under this app's own name (above), not under one name for the whole process. */
  getPassportInstance() {
    return REGISTERED_PER_APP;
  }

  async validate(request: Request): Promise<AuthUser | false> {
    const token = bearerTokenOf(request);
    if (token === null || !isPersonalAccessToken(token)) return false;
    const record = await this.state.token(sha256(token));
    if (!record) throw new UnauthorizedError('The personal access token is invalid or has been revoked');
    if (record.expiresAt !== null && record.expiresAt <= Date.now())
      throw new UnauthorizedError('The personal access token has expired: create a new one');
    const user = toAuthUser(await this.state.principal(record.userId), 'token', null, record.scopes);
    await this.state.touchToken(record.id);
    return user;
  }
}
