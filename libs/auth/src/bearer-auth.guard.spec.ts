import { ExecutionContext } from '@nestjs/common';
import { parseConfig, UnauthorizedError } from '@tally/platform';
import { sign } from 'jsonwebtoken';
import { AccessTokenStrategy } from './access-token.strategy';
import { AccessTokensService } from './access-tokens.service';
import { ApiTokenScope, UserRole } from './auth.enums';
import type { AuthStateCache, Principal, TokenState } from './auth-state.cache';
import type { AuthUser } from './auth-user';
import { BearerAuthGuard } from './bearer-auth.guard';
import { PassportStrategyNames } from './passport-strategy-names';
import { PersonalAccessTokenStrategy } from './personal-access-token.strategy';
import { sha256 } from './secret-token';

const SECRET = 's'.repeat(40);
const PREVIOUS = 'p'.repeat(40);
const ISSUER = 'https://tally.example';
const AUDIENCE = 'https://tally.example/api';
const ada: Principal = { id: 7, username: 'ada', role: UserRole.User, timezone: 'UTC', active: true };
const PAT = `tally_pat_${'a'.repeat(43)}`;

/** AuthStateCache as the strategies see it: live sessions, known tokens and users, from memory. */
function stateStub() {
  const endedSessions = new Set<string>();
  const tokens = new Map<string, TokenState>();
  const principal = jest.fn(async (userId: number): Promise<Principal | null> => (userId === ada.id ? ada : null));
  return {
    endedSessions,
    tokens,
    principal,
    session: jest.fn(async (sessionId: string, userId: number) => {
      const alive = !endedSessions.has(sessionId);
      return { alive, principal: alive ? await principal(userId) : null };
    }),
    token: jest.fn(async (hash: string) => tokens.get(hash) ?? null),
    touchToken: jest.fn(async (_tokenId: number) => undefined),
  };
}

/** The guard with both strategies, registered with Passport as the AuthModule does, for one app. */
function setUp(env: Record<string, string> = {}) {
  const accessTokens = new AccessTokensService(parseConfig({ JWT_SECRET: SECRET, APP_URL: ISSUER, ...env }));
  const state = stateStub();
  const names = new PassportStrategyNames();
  new AccessTokenStrategy(accessTokens, state as unknown as AuthStateCache, names);
  new PersonalAccessTokenStrategy(state as unknown as AuthStateCache, names);
  const guard = new BearerAuthGuard(names.guardOptions());
  const authenticate = async (authorization?: string): Promise<AuthUser> => {
    const request: { headers: Record<string, string>; method: string; user?: AuthUser } = {
      headers: authorization === undefined ? {} : { authorization },
      method: 'GET',
    };
    const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }) };
    await guard.canActivate(context as unknown as ExecutionContext);
    return request.user!;
  };
  return { accessTokens, state, authenticate, bearer: (token: string) => authenticate(`Bearer ${token}`) };
}

const forged = (claims: object, options: object = {}) =>
  sign(claims, SECRET, { issuer: ISSUER, audience: AUDIENCE, expiresIn: 900, ...options });

describe('BearerAuthGuard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('says what to send when the header is missing or not a Bearer token', async () => {
    const { authenticate } = setUp();
    await expect(authenticate()).rejects.toThrow(/Authentication is required/);
    await expect(authenticate('')).rejects.toThrow(/Authentication is required/);
    await expect(authenticate('Basic YWRhOnB3')).rejects.toThrow('The Authorization header must be "Bearer <token>"');
  });

  it('keeps each app to its own strategies when several run in one process', async () => {
    const first = setUp();
    const second = setUp({ JWT_SECRET: PREVIOUS });
    await expect(first.bearer(first.accessTokens.sign({ userId: 7, sessionId: 'a' }))).resolves.toMatchObject({
      sessionId: 'a',
    });
    await expect(first.bearer(second.accessTokens.sign({ userId: 7, sessionId: 'b' }))).rejects.toThrow(
      'The access token is invalid',
    );
    expect(second.state.session).not.toHaveBeenCalled();
  });

  describe('access tokens (passport-jwt)', () => {
    it('signs HS256 tokens naming issuer, audience, user and session, valid for 15 minutes', async () => {
      const { accessTokens, bearer } = setUp();
      const token = accessTokens.sign({ userId: 7, sessionId: 'abc' });
      const [header, payload] = token
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
      expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: '7', sid: 'abc', iss: ISSUER, aud: AUDIENCE });
      expect(payload.exp - payload.iat).toBe(900);
      await expect(bearer(token)).resolves.toEqual({
        id: 7,
        username: 'ada',
        role: UserRole.User,
        timezone: 'UTC',
        via: 'session',
        sessionId: 'abc',
        scopes: [ApiTokenScope.Read, ApiTokenScope.Write],
      });
    });

    it('accepts tokens signed with JWT_SECRET_PREVIOUS during a rotation, and only then', async () => {
      const old = setUp({ JWT_SECRET: PREVIOUS }).accessTokens.sign({ userId: 7, sessionId: 's' });
      await expect(setUp().bearer(old)).rejects.toThrow('The access token is invalid');
      const rotating = setUp({ JWT_SECRET_PREVIOUS: PREVIOUS });
      await expect(rotating.bearer(old)).resolves.toMatchObject({ id: 7, sessionId: 's' });
      await expect(rotating.bearer(rotating.accessTokens.sign({ userId: 7, sessionId: 't' }))).resolves.toMatchObject({
        sessionId: 't',
      });
    });

    it.each([
      [
        'unsigned (alg none)',
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"7","sid":"s"}').toString('base64url')}.`,
      ],
      ['signed with another algorithm', forged({ sub: '7', sid: 's' }, { algorithm: 'HS512' })],
      ['from another issuer', forged({ sub: '7', sid: 's' }, { issuer: 'https://evil.example' })],
      ['for another audience', forged({ sub: '7', sid: 's' }, { audience: 'https://evil.example/api' })],
      ['without an issuer and audience', sign({ sub: '7', sid: 's' }, SECRET, { expiresIn: 900 })],
      ['without a session id', forged({ sub: '7' })],
      ['with a non-numeric subject', forged({ sub: 'admin', sid: 's' })],
      ['with another secret', sign({ sub: '7', sid: 's' }, 'x'.repeat(40), { issuer: ISSUER, audience: AUDIENCE })],
      ['garbage', 'not-a-jwt'],
    ])('refuses a token %s', async (_name, token) => {
      await expect(setUp().bearer(token)).rejects.toThrow(new UnauthorizedError('The access token is invalid'));
    });

    it('says an expired token has expired', async () => {
      const token = forged({ sub: '7', sid: 's' }, { expiresIn: -5 });
      await expect(setUp().bearer(token)).rejects.toThrow(
        'The access token has expired: get a new one from POST /api/v1/auth/refresh',
      );
    });

    it('refuses a genuine token of a session that has ended, on every request', async () => {
      const { accessTokens, state, bearer } = setUp();
      const token = accessTokens.sign({ userId: 7, sessionId: 'ending' });
      await expect(bearer(token)).resolves.toMatchObject({ sessionId: 'ending' });
      state.endedSessions.add('ending');
      await expect(bearer(token)).rejects.toThrow('This session has ended: sign in again');
      expect(state.session).toHaveBeenCalledTimes(2);
    });

    it('refuses the token of an account that is gone', async () => {
      const { accessTokens, bearer } = setUp();
      await expect(bearer(accessTokens.sign({ userId: 8, sessionId: 's' }))).rejects.toThrow(
        'This account no longer exists',
      );
    });

    describe('remembering verified tokens', () => {
      it('verifies a token once per process, then only asks whether its session is alive', async () => {
        const { accessTokens, state, bearer } = setUp();
        const keyFor = jest.spyOn(accessTokens, 'keyFor');
        const token = accessTokens.sign({ userId: 7, sessionId: 'x' });
        for (let i = 0; i < 3; i++) await expect(bearer(token)).resolves.toMatchObject({ id: 7 });
        expect(keyFor).toHaveBeenCalledTimes(1);
        expect(state.session).toHaveBeenCalledTimes(3);
      });

      it('refuses a remembered token once it expires', async () => {
        const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2030-01-01T00:00:00Z'));
        const { accessTokens, bearer } = setUp();
        const token = accessTokens.sign({ userId: 7, sessionId: 'x' });
        await expect(bearer(token)).resolves.toMatchObject({ sessionId: 'x' });
        await expect(bearer(token)).resolves.toMatchObject({ sessionId: 'x' });
        now.mockReturnValue(Date.parse('2030-01-01T00:14:59Z'));
        await expect(bearer(token)).resolves.toMatchObject({ sessionId: 'x' });
        now.mockReturnValue(Date.parse('2030-01-01T00:15:00Z'));
        await expect(bearer(token)).rejects.toThrow(/has expired/);
      });

      it('never lets a remembered token vouch for a different one', async () => {
        const { accessTokens, bearer } = setUp();
        const token = accessTokens.sign({ userId: 7, sessionId: 'y' });
        await bearer(token);
        const [header, payload, signature] = token.split('.');
        const edited = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '5' }),
        ).toString('base64url');
        await expect(bearer(`${header}.${edited}.${signature}`)).rejects.toThrow('The access token is invalid');
        await expect(bearer(`${token}x`)).rejects.toThrow('The access token is invalid');
      });

      it('refuses a genuine token without an expiry', async () => {
        const endless = sign({ sub: '7', sid: 's' }, SECRET, { issuer: ISSUER, audience: AUDIENCE, noTimestamp: true });
        await expect(setUp().bearer(endless)).rejects.toThrow('The access token is invalid');
      });
    });
  });

  describe('personal access tokens', () => {
    const record = (overrides: Partial<TokenState> = {}): TokenState => ({
      id: 11,
      userId: 7,
      scopes: [ApiTokenScope.Read],
      expiresAt: null,
      ...overrides,
    });

    it('resolves a known token to its owner with its scopes, and records the use', async () => {
      const { state, bearer } = setUp();
      state.tokens.set(sha256(PAT), record());
      await expect(bearer(PAT)).resolves.toEqual({
        id: 7,
        username: 'ada',
        role: UserRole.User,
        timezone: 'UTC',
        via: 'token',
        sessionId: null,
        scopes: [ApiTokenScope.Read],
      });
      expect(state.touchToken).toHaveBeenCalledWith(11);
    });

    it('refuses unknown, revoked and expired tokens, and tokens of a disabled account', async () => {
      const { state, bearer } = setUp();
      await expect(bearer(PAT)).rejects.toThrow('The personal access token is invalid or has been revoked');
      state.tokens.set(sha256(PAT), record({ expiresAt: Date.now() - 1 }));
      await expect(bearer(PAT)).rejects.toThrow('The personal access token has expired: create a new one');
      state.tokens.set(sha256(PAT), record());
      state.principal.mockResolvedValueOnce({ ...ada, active: false });
      await expect(bearer(PAT)).rejects.toThrow('This account is disabled');
      expect(state.touchToken).not.toHaveBeenCalled();
    });
  });
});
