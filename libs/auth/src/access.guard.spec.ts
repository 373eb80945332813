import { Controller, ExecutionContext, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '@tally/platform';
import { ApiTokenScope, UserRole } from './auth.enums';
import { AccessGuard } from './access.guard';
import type { AuthUser } from './auth-user';
import { Authenticated } from './authenticated.decorator';
import type { Authenticator } from './authenticator.service';

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

function run(handler: keyof ProbeController, method: string, caller: AuthUser | Error) {
  const authenticator = {
    authenticate: jest.fn(async () => {
      if (caller instanceof Error) throw caller;
      return caller;
    }),
  } as unknown as Authenticator;
  const request: { method: string; headers: Record<string, string>; user?: AuthUser } = {
    method,
    headers: { authorization: 'Bearer x' },
  };
  const context = {
    getHandler: () => ProbeController.prototype[handler],
    getClass: () => ProbeController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { result: new AccessGuard(new Reflector(), authenticator).canActivate(context), request };
}

describe('AccessGuard', () => {
  it('puts the caller on the request for @CurrentUser()', async () => {
    const { result, request } = run('read', 'GET', person());
    await expect(result).resolves.toBe(true);
    expect(request.user).toMatchObject({ id: 1, via: 'session' });
  });

  it('passes authentication failures on as 401', async () => {
    await expect(run('read', 'GET', new UnauthorizedError('nope')).result).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('derives the scope from the method: a read token may GET but not POST', async () => {
    const token = person({ via: 'token', sessionId: null, scopes: [ApiTokenScope.Read] });
    await expect(run('read', 'GET', token).result).resolves.toBe(true);
    await expect(run('read', 'HEAD', token).result).resolves.toBe(true);
    await expect(run('write', 'POST', token).result).rejects.toThrow(/lacks the "write" scope/);
    const writeOnly = person({ via: 'token', sessionId: null, scopes: [ApiTokenScope.Write] });
    await expect(run('read', 'GET', writeOnly).result).rejects.toThrow(/lacks the "read" scope/);
  });

  it('keeps admin routes for admins', async () => {
    await expect(run('admin', 'GET', person()).result).rejects.toBeInstanceOf(ForbiddenError);
    await expect(run('admin', 'GET', person({ role: UserRole.Admin })).result).resolves.toBe(true);
  });

  it('refuses personal access tokens on session-only routes', async () => {
    const token = person({ via: 'token', sessionId: null });
    await expect(run('sessionOnly', 'GET', token).result).rejects.toThrow(/Personal access tokens cannot be used here/);
    await expect(run('sessionOnly', 'GET', person()).result).resolves.toBe(true);
  });
});
