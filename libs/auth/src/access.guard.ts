import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@tally/platform';
import { ApiTokenScope } from './auth.enums';
import { AUTH_OPTIONS, AuthenticatedOptions } from './auth-options';
import type { AuthUser } from './auth-user';
import { Authenticator } from './authenticator.service';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/** GET/HEAD read; every other method writes. */
export const scopeForMethod = (method: string): ApiTokenScope =>
  method === 'GET' || method === 'HEAD' ? ApiTokenScope.Read : ApiTokenScope.Write;

/** What an authenticated caller may do on a route, beyond being signed in. Throws 403 otherwise. */
export function authorize(user: AuthUser, options: AuthenticatedOptions, method: string): void {
  if (options.sessionOnly && user.via !== 'session')
    throw new ForbiddenError('Personal access tokens cannot be used here: sign in with your password');
  if (options.roles?.length && !options.roles.includes(user.role))
    throw new ForbiddenError('Your account does not have the role this route needs');
  const scope = scopeForMethod(method);
  if (!user.scopes.includes(scope))
    throw new ForbiddenError(`This personal access token lacks the "${scope}" scope this request needs`);
}

/**
 * Verifies the Bearer token (an access-token JWT bound to a live session, or a personal access
 * token), enforces roles, session-only routes and the method-derived scope, and puts the caller
 * on `request.user` for `@CurrentUser()`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options =
      this.reflector.getAllAndOverride<AuthenticatedOptions | undefined>(AUTH_OPTIONS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {};
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    const user = await this.authenticator.authenticate(typeof header === 'string' ? header : undefined);
    authorize(user, options, request.method);
    request.user = user;
    return true;
  }
}
