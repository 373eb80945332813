import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthModuleOptions } from '@nestjs/passport';
import { BearerAuthGuard } from '@tally/auth';
import type { FastifyRequest } from 'fastify';
import { AuthCookies } from './auth-cookies';

/**
 * Logout's guard (`@Endpoint({ auth: 'refresh-cookie-or-bearer' })`): with a refresh cookie the
 * handler checks it and the CSRF header; without one the caller must send a Bearer token, which
 * BearerAuthGuard authenticates as on any other route.
 */
@Injectable()
export class RefreshCookieOrBearerGuard extends BearerAuthGuard {
  constructor(
    private readonly cookies: AuthCookies,
    options: AuthModuleOptions,
  ) {
    super(options);
  }

  override canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.cookies.refreshToken(context.switchToHttp().getRequest<FastifyRequest>())) return Promise.resolve(true);
    return super.canActivate(context);
  }
}
