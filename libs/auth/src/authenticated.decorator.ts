import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { AccessGuard } from './access.guard';
import { AUTH_OPTIONS, AuthenticatedOptions } from './auth-options';

export { AUTH_OPTIONS } from './auth-options';
export type { AuthenticatedOptions } from './auth-options';

/**
 * Applies the access guard (Bearer JWT or personal access token) with these options. Controllers do
 * not use it directly: the api's `@Endpoint({ auth })` applies it and documents the route's security
 * and its 401/403 answers along with it. The scope a personal access token needs follows the HTTP
 * method: GET/HEAD need `read`, every other method needs `write`.
 */
export const Authenticated = (options: AuthenticatedOptions = {}) =>
  applyDecorators(SetMetadata(AUTH_OPTIONS, options), UseGuards(AccessGuard));
