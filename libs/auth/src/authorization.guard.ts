import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@tally/platform';
import { ApiTokenScope } from './auth.enums';
import { AUTH_OPTIONS, AuthenticatedOptions } from './auth-options';
import type { AuthUser } from './auth-user';

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
 * After BearerAuthGuard: whether the caller may call this route. Roles, session-only routes
 * (`@Authenticated({ sessionOnly: true })`) and the scope a personal access token needs for the
 * method; 403 otherwise.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const options =
      this.reflector.getAllAndOverride<AuthenticatedOptions | undefined>(AUTH_OPTIONS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {};
    const request = context.switchToHttp().getRequest<{ method: string; user: AuthUser }>();
    authorize(request.user, options, request.method);
    return true;
  }
}
