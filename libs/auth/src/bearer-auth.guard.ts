import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { accessTokenRefusal } from './access-token.strategy';
import { requireBearerToken } from './bearer-token';

/**
 * Who is calling: `Authorization: Bearer <token>` through Passport, an access token (JWT, bound to a
 * live session: AccessTokenStrategy) or a personal access token (PersonalAccessTokenStrategy). The
 * caller goes on `request.user` for `@CurrentUser()`; everything else is a 401 that says why. What
 * the caller may do on the route is AuthorizationGuard's question, asked next.
 *
 * The strategies to try are this app's (AuthModuleOptions.defaultStrategy, from PassportStrategyNames).
 */
@Injectable()
export class BearerAuthGuard extends AuthGuard() {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    // No header, or not "Bearer <token>": refused before any strategy runs, saying what to send.
    requireBearerToken(context.switchToHttp().getRequest());
    return super.canActivate(context) as Promise<boolean>;
  }

  /**
   * Passport's verdict. An error is a strategy's own 401 (session ended, token revoked, account
   * disabled…) or an outage (503), passed on as it is. Without a user both strategies declined,
   * which for a well-formed header means jsonwebtoken refused the access token: `info` holds why.
   */
  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (user) return user;
    const [jwtFailure] = Array.isArray(info) ? info : [info];
    throw accessTokenRefusal(jwtFailure);
  }
}
