import { Controller, ExecutionContext, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@tally/platform';
import { ApiTokenScope, UserRole } from './auth.enums';
import type { AuthUser } from './auth-user';
import { Authenticated } from './authenticated.decorator';
import { AuthorizationGuard } from './authorization.guard';

@Controller('probe')
class ProbeController {
  @Get()
  @Authenticated()
  read() {}

  @Post()
  @Authenticated()
  write() {}

  @Get('admin')
  @Authenticated({ roles: [UserRole.Admin] })
  admin() {}

  @Get('session')
  @Authenticated({ sessionOnly: true })
  sessionOnly() {}
}

const person = (overrides: Partial<AuthUser> = {}): AuthUser => ({
  id: 1,
  username: 'ada',
  role: UserRole.User,
  timezone: 'UTC',
  via: 'session',
  sessionId: 's1',
  scopes: [ApiTokenScope.Read, ApiTokenScope.Write],
  ...overrides,
});

/** Whether `caller` (already authenticated by BearerAuthGuard) may call the handler with this method. */
function run(handler: keyof ProbeController, method: string, caller: AuthUser): Promise<boolean> {
  const context = {
    getHandler: () => ProbeController.prototype[handler],
    getClass: () => ProbeController,
    switchToHttp: () => ({ getRequest: () => ({ method, user: caller }) }),
  } as unknown as ExecutionContext;
  return (async () => new AuthorizationGuard(new Reflector()).canActivate(context))();
}

describe('AuthorizationGuard', () => {
  it('lets a signed-in session call its routes', async () => {
    await expect(run('read', 'GET', person())).resolves.toBe(true);
    await expect(run('write', 'POST', person())).resolves.toBe(true);
  });

  it('derives the scope from the method: a read token may GET but not POST', async () => {
    const token = person({ via: 'token', sessionId: null, scopes: [ApiTokenScope.Read] });
    await expect(run('read', 'GET', token)).resolves.toBe(true);
    await expect(run('read', 'HEAD', token)).resolves.toBe(true);
    await expect(run('write', 'POST', token)).rejects.toThrow(/lacks the "write" scope/);
    const writeOnly = person({ via: 'token', sessionId: null, scopes: [ApiTokenScope.Write] });
    await expect(run('read', 'GET', writeOnly)).rejects.toThrow(/lacks the "read" scope/);
  });

  it('keeps admin routes for admins', async () => {
    await expect(run('admin', 'GET', person())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(run('admin', 'GET', person({ role: UserRole.Admin }))).resolves.toBe(true);
  });

  it('refuses personal access tokens on session-only routes', async () => {
    const token = person({ via: 'token', sessionId: null });
    await expect(run('sessionOnly', 'GET', token)).rejects.toThrow(/Personal access tokens cannot be used here/);
    await expect(run('sessionOnly', 'GET', person())).resolves.toBe(true);
  });
});
