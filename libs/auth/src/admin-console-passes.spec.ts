import { parseConfig } from '@tally/platform';
import { ADMIN_CONSOLE_PASS_SECONDS, AdminConsolePasses } from './admin-console-passes.service';
import type { AuthStateCache, Principal } from './auth-state.cache';
import { UserRole } from './auth.enums';

const SESSION = '0b6c7c2e-6d1f-4c55-9a43-3f1f2d4c9b10';
const admin = { id: 7, role: UserRole.Admin, sessionId: SESSION };

/** A stand-in for the session and account state (Redis/MySQL in the app). */
function stateWith(alive: boolean, principal: Partial<Principal> | null) {
  const session = jest.fn(async () => ({
    alive,
    principal:
      principal &&
      ({ id: 7, username: 'ada', timezone: 'UTC', active: true, role: UserRole.Admin, ...principal } as Principal),
  }));
  return { session } as unknown as AuthStateCache & { session: jest.Mock };
}

const passesWith = (state: AuthStateCache, env: Record<string, string> = {}) =>
  new AdminConsolePasses(state, parseConfig(env));

describe('AdminConsolePasses', () => {
  it('lets an admin session in until the pass expires, checking the session each time', async () => {
    const state = stateWith(true, {});
    const passes = passesWith(state);
    const now = Date.now();
    const pass = passes.issue(admin, now);
    expect(pass).toMatch(new RegExp(`^7\\.${SESSION}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
    expect(await passes.check(pass, now)).toBeNull();
    expect(state.session).toHaveBeenCalledWith(SESSION, 7);
    expect(await passes.check(pass, now + (ADMIN_CONSOLE_PASS_SECONDS - 1) * 1000)).toBeNull();
    expect(await passes.check(pass, now + (ADMIN_CONSOLE_PASS_SECONDS + 1) * 1000)).toBe('unauthenticated');
  });

  it('refuses a missing, malformed, tampered or foreign pass without asking for the session', async () => {
    const state = stateWith(true, {});
    const passes = passesWith(state);
    const pass = passes.issue(admin);
    const [user, session, expires, signature] = pass.split('.') as [string, string, string, string];
    for (const bad of [
      undefined,
      '',
      'x.y.z',
      `8.${session}.${expires}.${signature}`,
      `${user}.${session}.${Number(expires) + 3600}.${signature}`,
      `${user}.${session}.${expires}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      passesWith(state, { JWT_SECRET: 'another secret that is long enough to use' }).issue(admin),
    ])
      expect(await passes.check(bad)).toBe('unauthenticated');
    expect(state.session).not.toHaveBeenCalled();
  });

  it('ends with the session (401) and with the admin role (403)', async () => {
    const pass = passesWith(stateWith(true, {})).issue(admin);
    expect(await passesWith(stateWith(false, null)).check(pass)).toBe('unauthenticated');
    expect(await passesWith(stateWith(true, { active: false })).check(pass)).toBe('unauthenticated');
    expect(await passesWith(stateWith(true, { role: UserRole.User })).check(pass)).toBe('forbidden');
  });

  it('keeps passes signed with the previous JWT secret valid during a rotation', async () => {
    const old = 'o'.repeat(40);
    const pass = passesWith(stateWith(true, {}), { JWT_SECRET: old }).issue(admin);
    const rotated = passesWith(stateWith(true, {}), { JWT_SECRET: 'n'.repeat(40), JWT_SECRET_PREVIOUS: old });
    expect(await rotated.check(pass)).toBeNull();
  });

  it('is issued to admin sessions only', () => {
    const passes = passesWith(stateWith(true, {}));
    expect(() => passes.issue({ ...admin, role: UserRole.User })).toThrow();
    expect(() => passes.issue({ ...admin, sessionId: null })).toThrow();
  });
});
