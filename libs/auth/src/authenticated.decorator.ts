import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { AUTH_OPTIONS, AuthenticatedOptions } from './auth-options';
import { AuthorizationGuard } from './authorization.guard';
import { BearerAuthGuard } from './bearer-auth.guard';

export { AUTH_OPTIONS } from './auth-options';
export type { AuthenticatedOptions } from './auth-options';

/**
 * Who may call a route: a Bearer token (BearerAuthGuard), then the options (AuthorizationGuard).
 * Controllers do not use it directly: the api's `@Endpoint({ auth })` applies it and documents the
 * route's security and its 401/403 answers along with it. The scope a personal access token needs
 * follows the HTTP method: GET/HEAD need `read`, every other method needs `write`.
 */
export const Authenticated = (options: AuthenticatedOptions = {}) =>
  applyDecorators(SetMetadata(AUTH_OPTIONS, options), UseGuards(BearerAuthGuard, AuthorizationGuard));
