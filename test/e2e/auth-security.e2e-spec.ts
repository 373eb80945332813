import { EntityManager } from '@mikro-orm/mysql';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { sign } from 'jsonwebtoken';
import { ApiToken, OneTimeToken, OneTimeTokenPurpose, User } from '@tally/auth';
import { DEFAULT_JWT_SECRET, loadConfig } from '../../libs/platform/src/config';
import { cookiesOf, DEFAULT_PASSWORD, login, signUp, SignedUpUser, uniqueName } from '../support/auth';
import { MailStack, startMailStack } from '../support/mail-stack';
import { SmtpSink, tokenFromMail } from '../support/smtp-sink';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

const ROOT = resolve(__dirname, '../..');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every operation of the OpenAPI spec that requires the Bearer scheme, with path parameters filled in. */
async function protectedRoutes(api: RunningApp): Promise<{ method: string; path: string }[]> {
  const spec = await json(await api.request('/api/docs-json'));
  const routes: { method: string; path: string }[] = [];
  for (const [path, operations] of Object.entries<Record<string, { security?: Record<string, unknown>[] }>>(
    spec.paths,
  )) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation.security?.some((s) => 'bearer' in s)) continue;
      routes.push({
        method: method.toUpperCase(),
        path: path.replace(/\{id\}/g, path.includes('sessions') ? '00000000-0000-4000-8000-000000000000' : '1'),
      });
    }
  }
  return routes;
}

describe('security bars (quality.md S1–S8, S11, S12, S14, S15)', () => {
  let stack: MailStack;
  let sink: SmtpSink;
  let api: RunningApp;
  const em = () => api.app.get(EntityManager).fork();

  beforeAll(async () => {
    stack = await startMailStack({ APP_URL: 'http://tally.test', CORS_ORIGINS: 'https://app.example' });
    ({ sink, api } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('S1: alg none, a forged signature, expired, wrong aud or iss → 401 on every protected route', async () => {
    const ada = await signUp(api);
    const { jwtSecret, issuer, audience } = api.config.auth;
    const sid = JSON.parse(Buffer.from(ada.accessToken.split('.')[1]!, 'base64url').toString()).sid;
    const claims = { sid, sub: String(ada.user.id) };
    const now = Math.floor(Date.now() / 1000);
    const badTokens: Record<string, string> = {
      'alg none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: issuer, aud: audience, exp: now + 600 })}.`,
      'forged signature': sign(claims, 'someone-else-s-secret-of-at-least-32-chars', {
        issuer,
        audience,
        expiresIn: 600,
      }),
      expired: sign({ ...claims, exp: now - 10 }, jwtSecret, { issuer, audience }),
      'wrong aud': sign(claims, jwtSecret, { issuer, audience: 'https://other.example/api', expiresIn: 600 }),
      'wrong iss': sign(claims, jwtSecret, { issuer: 'https://other.example', audience, expiresIn: 600 }),
      'HS512 instead of HS256': sign(claims, jwtSecret, { algorithm: 'HS512', issuer, audience, expiresIn: 600 }),
    };
    // The genuine token works, so each failure below is down to the one defect.
    expect((await api.request('/api/v1/me', { headers: ada.headers })).status).toBe(200);

    const routes = await protectedRoutes(api);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      for (const [defect, token] of Object.entries(badTokens)) {
        const res = await api.request(route.path, {
          method: route.method,
          headers: { authorization: `Bearer ${token}` },
          ...(route.method === 'GET' ? {} : { json: {} }),
        });
        requests++;
        if (res.status !== 401) failures.push(`${route.method} ${route.path} with ${defect}: ${res.status}`);
        else expect((await json(res)).message).toMatch(/access token/);
      }
    }
    console.log(
      `S1: ${routes.length} protected routes × ${Object.keys(badTokens).length} bad tokens = ${requests} requests, ${requests - failures.length} answered 401`,
    );
    expect(failures).toEqual([]);
  });

  it('S2: access and refresh token reused after logout → 401', async () => {
    const ada = await signUp(api);
    const logout = await api.request('/api/v1/auth/logout', { method: 'POST', headers: ada.cookieHeaders });
    expect(logout.status).toBe(204);
    const access = await api.request('/api/v1/me', { headers: ada.headers });
    const refresh = await api.request('/api/v1/auth/refresh', { method: 'POST', headers: ada.cookieHeaders });
    console.log(`S2: after logout, access token → ${access.status}, refresh token → ${refresh.status}`);
    expect(access.status).toBe(401);
    expect(refresh.status).toBe(401);

    // Logging out with the access token (no cookie) ends the session just the same.
    const bob = await signUp(api);
    expect((await api.request('/api/v1/auth/logout', { method: 'POST', headers: bob.headers })).status).toBe(204);
    expect((await api.request('/api/v1/me', { headers: bob.headers })).status).toBe(401);
    expect((await api.request('/api/v1/auth/refresh', { method: 'POST', headers: bob.cookieHeaders })).status).toBe(
      401,
    );
  });

  it('S3: a refresh token used twice → 401 and every token of the session family revoked', async () => {
    const ada = await signUp(api);
    const first = await api.request('/api/v1/auth/refresh', { method: 'POST', headers: ada.cookieHeaders });
    expect(first.status).toBe(200);
    const rotated = cookiesOf(first);
    const latestAccess = { authorization: `Bearer ${(await json(first)).accessToken}` };

    const reuse = await api.request('/api/v1/auth/refresh', { method: 'POST', headers: ada.cookieHeaders });
    const latestRefresh = await api.request('/api/v1/auth/refresh', {
      method: 'POST',
      headers: {
        cookie: `tally_refresh=${rotated.tally_refresh}; tally_csrf=${rotated.tally_csrf}`,
        'x-csrf-token': rotated.tally_csrf!,
      },
    });
    const originalAccess = await api.request('/api/v1/me', { headers: ada.headers });
    const rotatedAccess = await api.request('/api/v1/me', { headers: latestAccess });
    console.log(
      `S3: reused refresh → ${reuse.status}; then the rotated refresh → ${latestRefresh.status}, ` +
        `first access token → ${originalAccess.status}, latest access token → ${rotatedAccess.status}`,
    );
    expect(reuse.status).toBe(401);
    expect((await json(reuse)).message).toMatch(/already used/);
    expect(latestRefresh.status).toBe(401);
    expect(originalAccess.status).toBe(401);
    expect(rotatedAccess.status).toBe(401);
  });

  it('S4: a password change or reset revokes the other sessions and sends "password changed"', async () => {
    const ada = await signUp(api);
    const laptop = await login(api, ada.email);
    const phone = await login(api, ada.username);
    const changed = await api.request('/api/v1/auth/change-password', {
      method: 'POST',
      headers: ada.headers,
      json: { currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(204);
    const statuses = {
      current: (await api.request('/api/v1/me', { headers: ada.headers })).status,
      laptop: (await api.request('/api/v1/me', { headers: laptop.headers })).status,
      phone: (await api.request('/api/v1/me', { headers: phone.headers })).status,
      phoneRefresh: (await api.request('/api/v1/auth/refresh', { method: 'POST', headers: phone.cookieHeaders }))
        .status,
    };
    const changeMail = await sink.waitForMail(ada.email, /password was changed/i);
    console.log(`S4 (change): ${JSON.stringify(statuses)}; mail "${changeMail.subject}"`);
    expect(statuses).toEqual({ current: 200, laptop: 401, phone: 401, phoneRefresh: 401 });
    expect(changeMail.text).toMatch(/from the address 127\.0\.0\.1/);

    // Reset (forgot password): every session ends, including the one that asked.
    const bob = await signUp(api);
    const bobPhone = await login(api, bob.email);
    await api.request('/api/v1/auth/forgot-password', { method: 'POST', json: { email: bob.email } });
    const token = tokenFromMail(await sink.waitForMail(bob.email, /reset your tally password/i));
    const reset = await api.request('/api/v1/auth/reset-password', {
      method: 'POST',
      json: { token, newPassword: 'another fresh passphrase' },
    });
    expect(reset.status).toBe(204);
    const afterReset = {
      session1: (await api.request('/api/v1/me', { headers: bob.headers })).status,
      session2: (await api.request('/api/v1/me', { headers: bobPhone.headers })).status,
    };
    const resetMail = await sink.waitForMail(bob.email, /password was changed/i);
    console.log(`S4 (reset): ${JSON.stringify(afterReset)}; mail "${resetMail.subject}"`);
    expect(afterReset).toEqual({ session1: 401, session2: 401 });
    expect((await login(api, bob.email, 'another fresh passphrase')).accessToken).toBeTruthy();
    const oldPassword = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { login: bob.email, password: DEFAULT_PASSWORD },
    });
    expect(oldPassword.status).toBe(401);
  });

  it('S6: confirmation and reset tokens: ≥ 128 random bits, SHA-256 at rest, single use, expire in 24 h / 1 h', async () => {
    const ada = await signUp(api, { confirmed: false });
    const confirmToken = tokenFromMail(await sink.waitForMail(ada.email, /confirm your email/i));
    await api.request('/api/v1/auth/forgot-password', { method: 'POST', json: { email: ada.email } });
    const resetToken = tokenFromMail(await sink.waitForMail(ada.email, /reset your tally password/i));

    const rows = await em().find(OneTimeToken, { user: ada.user.id }, { orderBy: { id: 'asc' } });
    const confirmRow = rows.find((r) => r.purpose === OneTimeTokenPurpose.ConfirmEmail)!;
    const resetRow = rows.find((r) => r.purpose === OneTimeTokenPurpose.ResetPassword)!;
    const bits = Buffer.from(confirmToken, 'base64url').length * 8;
    const hours = (row: OneTimeToken) => (row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000;
    console.log(
      `S6: tokens carry ${bits} random bits; stored hashes are ${confirmRow.tokenHash.length}-hex SHA-256; ` +
        `lifetimes ${hours(confirmRow)} h (confirm) and ${hours(resetRow)} h (reset)`,
    );
    expect(bits).toBeGreaterThanOrEqual(128);
    expect(confirmRow.tokenHash).toBe(sha256(confirmToken));
    expect(resetRow.tokenHash).toBe(sha256(resetToken));
    expect(rows.map((r) => r.tokenHash)).not.toContain(confirmToken);
    expect(hours(confirmRow)).toBe(24);
    expect(hours(resetRow)).toBe(1);

    // Single use.
    const confirm = () => api.request('/api/v1/auth/confirm-email', { method: 'POST', json: { token: confirmToken } });
    expect((await confirm()).status).toBe(204);
    expect((await confirm()).status).toBe(400);

    // Expired: a reset token an hour old is refused.
    await em().nativeUpdate(OneTimeToken, { id: resetRow.id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await api.request('/api/v1/auth/reset-password', {
      method: 'POST',
      json: { token: resetToken, newPassword: 'never gets set here' },
    });
    expect(expired.status).toBe(400);
    expect((await json(expired)).message).toMatch(/expired/);
  });

  it('S7: forgot-password answers identically for a known and an unknown email, timing within 50 ms at p95', async () => {
    const ada = await signUp(api);
    const unknown = `${uniqueName('nobody')}@example.test`;
    const timings: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    const bodies = new Set<string>();
    const statuses = new Set<number>();
    for (let i = 0; i < 120; i++) {
      // Interleaved, so both sides see the same machine load.
      for (const kind of (i % 2 ? ['known', 'unknown'] : ['unknown', 'known']) as ('known' | 'unknown')[]) {
        const started = process.hrtime.bigint();
        const res = await api.request('/api/v1/auth/forgot-password', {
          method: 'POST',
          json: { email: kind === 'known' ? ada.email : unknown },
        });
        const body = await res.text();
        timings[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
        statuses.add(res.status);
        bodies.add(body);
      }
    }
    // The first rounds warm up connections and JIT; measure the rest.
    const known = timings.known.slice(20);
    const unknownTimes = timings.unknown.slice(20);
    const p95 = { known: percentile(known, 95), unknown: percentile(unknownTimes, 95) };
    const p50 = { known: percentile(known, 50), unknown: percentile(unknownTimes, 50) };
    const delta = Math.abs(p95.known - p95.unknown);
    console.log(
      `S7: ${known.length} requests each; p50 known ${p50.known.toFixed(2)} ms vs unknown ${p50.unknown.toFixed(2)} ms; ` +
        `p95 known ${p95.known.toFixed(2)} ms vs unknown ${p95.unknown.toFixed(2)} ms; p95 delta ${delta.toFixed(2)} ms; ` +
        `${statuses.size} distinct status, ${bodies.size} distinct body`,
    );
    expect([...statuses]).toEqual([202]);
    expect(bodies.size).toBe(1);
    expect(delta).toBeLessThan(50);
  }, 120_000);

  it('S8: bcrypt with cost ≥ 12 in production; a password over 72 bytes is refused with a clear message', async () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(48),
      APP_URL: 'https://tally.example',
    });
    expect(production.auth.bcryptCost).toBeGreaterThanOrEqual(12);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'p'.repeat(48),
        APP_URL: 'https://tally.example',
        BCRYPT_COST: '10',
      }),
    ).toThrow(/BCRYPT_COST must be at least 12/);

    const ada = await signUp(api);
    const stored = await em().findOneOrFail(User, ada.user.id, { populate: ['password'] });
    expect(stored.password).toMatch(/^\$2[aby]\$\d{2}\$.{53}$/);
    expect(Number(stored.password.slice(4, 6))).toBe(api.config.auth.bcryptCost);

    const register = (password: string) =>
      api.request('/api/v1/auth/register', {
        method: 'POST',
        json: { username: uniqueName('s8'), email: `${uniqueName('s8')}@example.test`, password },
      });
    const ascii72 = 'a'.repeat(72);
    const ascii73 = 'a'.repeat(73);
    const emoji = '🔑'.repeat(19); // 19 characters, 76 bytes
    const results = {
      ascii72: (await register(ascii72)).status,
      ascii73: await register(ascii73),
      emoji: await register(emoji),
    };
    const message = (await json(results.ascii73)).message;
    console.log(
      `S8: production bcrypt cost ${production.auth.bcryptCost} (test runs at ${api.config.auth.bcryptCost}); stored "${stored.password.slice(0, 7)}…"; ` +
        `72 bytes → ${results.ascii72}, 73 bytes → ${results.ascii73.status}, 19 emoji (76 bytes) → ${results.emoji.status}: "${message}"`,
    );
    expect(results.ascii72).toBe(201);
    expect(results.ascii73.status).toBe(400);
    expect(results.emoji.status).toBe(400);
    expect(message).toMatch(/password must be at most 72 bytes/);
  });

  it('S11: security headers, no-store on authenticated responses, CORS only for configured origins', async () => {
    const ada = await signUp(api);
    const res = await api.request('/api/v1/me', { headers: { ...ada.headers, origin: 'https://app.example' } });
    const headers = Object.fromEntries(
      [
        'strict-transport-security',
        'content-security-policy',
        'x-content-type-options',
        'referrer-policy',
        'cache-control',
        'access-control-allow-origin',
      ].map((h) => [h, res.headers.get(h)]),
    );
    const evil = await api.request('/api/v1/me', { headers: { ...ada.headers, origin: 'https://evil.example' } });
    const preflight = await api.request('/api/v1/auth/refresh', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    console.log(
      `S11: ${JSON.stringify(headers)}; evil origin ACAO=${evil.headers.get('access-control-allow-origin')}, preflight ACAO=${preflight.headers.get('access-control-allow-origin')}`,
    );
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toBe('private, no-store');
    expect(headers['access-control-allow-origin']).toBe('https://app.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // The login response carries tokens: it must not be stored either.
    const loginRes = await api.request('/api/v1/auth/login', {
      method: 'POST',
      json: { login: ada.email, password: ada.password },
    });
    expect(loginRes.headers.get('cache-control')).toBe('private, no-store');
  });

  it('S12: refresh and logout without the CSRF token → 403', async () => {
    const ada = await signUp(api);
    const cookie = ada.cookieHeaders.cookie;
    const results = {
      refreshWithout: (await api.request('/api/v1/auth/refresh', { method: 'POST', headers: { cookie } })).status,
      refreshWrong: (
        await api.request('/api/v1/auth/refresh', { method: 'POST', headers: { cookie, 'x-csrf-token': 'guess' } })
      ).status,
      logoutWithout: (await api.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })).status,
      logoutWrong: (
        await api.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': 'guess' } })
      ).status,
    };
    const stillSignedIn = (await api.request('/api/v1/me', { headers: ada.headers })).status;
    const withToken = (await api.request('/api/v1/auth/refresh', { method: 'POST', headers: ada.cookieHeaders }))
      .status;
    console.log(
      `S12: ${JSON.stringify(results)}; session still alive → ${stillSignedIn}; with the CSRF header → ${withToken}`,
    );
    expect(results).toEqual({ refreshWithout: 403, refreshWrong: 403, logoutWithout: 403, logoutWrong: 403 });
    expect(stillSignedIn).toBe(200);
    expect(withToken).toBe(200);
  });

  it('S14: personal access tokens: shown once, stored hashed, scoped, revocable, last use tracked', async () => {
    const ada: SignedUpUser = await signUp(api);
    const create = (name: string, scopes: string[], extra: object = {}) =>
      api.request('/api/v1/tokens', { method: 'POST', headers: ada.headers, json: { name, scopes, ...extra } });
    const readRes = await create('dashboard', ['read']);
    expect(readRes.status).toBe(201);
    const readToken = await json(readRes);
    expect(readToken.token).toMatch(/^tally_pat_[A-Za-z0-9_-]{43}$/);
    const writeToken = await json(await create('importer', ['read', 'write'], { expiresInDays: 30 }));

    // Shown once: the list never has it; the database holds only its SHA-256.
    const list = await json(await api.request('/api/v1/tokens', { headers: ada.headers }));
    expect(JSON.stringify(list)).not.toContain(readToken.token);
    const row = await em().findOneOrFail(ApiToken, readToken.id);
    expect(row.tokenHash).toBe(sha256(readToken.token));

    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const results = {
      readGet: (await api.request('/api/v1/me', { headers: as(readToken.token) })).status,
      readWrite: (
        await api.request('/api/v1/me', {
          method: 'PATCH',
          headers: as(readToken.token),
          json: { timezone: 'Asia/Tokyo' },
        })
      ).status,
      writeWrite: (
        await api.request('/api/v1/me', {
          method: 'PATCH',
          headers: as(writeToken.token),
          json: { timezone: 'Asia/Tokyo' },
        })
      ).status,
      tokenManagesTokens: (await api.request('/api/v1/tokens', { headers: as(writeToken.token) })).status,
    };
    const lastUsed = (await em().findOneOrFail(ApiToken, readToken.id)).lastUsedAt;
    const revoked = await api.request(`/api/v1/tokens/${readToken.id}`, { method: 'DELETE', headers: ada.headers });
    results['afterRevoke' as keyof typeof results] = (
      await api.request('/api/v1/me', { headers: as(readToken.token) })
    ).status;

    // Expiry: a token past its expiresAt is refused (moved into the past before its first use).
    const shortLived = await json(await create('short-lived', ['read'], { expiresInDays: 1 }));
    await em().nativeUpdate(ApiToken, { id: shortLived.id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await api.request('/api/v1/me', { headers: as(shortLived.token) });
    console.log(
      `S14: ${JSON.stringify(results)}; revoke → ${revoked.status}; expired → ${expired.status}; lastUsedAt ${lastUsed?.toISOString()}; stored ${row.tokenHash.slice(0, 12)}… (SHA-256)`,
    );
    expect(results).toEqual({
      readGet: 200,
      readWrite: 403,
      writeWrite: 200,
      tokenManagesTokens: 403,
      afterRevoke: 401,
    });
    expect(revoked.status).toBe(204);
    expect(expired.status).toBe(401);
    expect(lastUsed).toBeInstanceOf(Date);
  });

  it('S15: production refuses to start with a default or missing secret, naming the variable', () => {
    const production = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      APP_URL: 'https://tally.example.com',
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
    const cases: [string, Record<string, string>, RegExp][] = [
      // An empty value counts as unset and, coming from the environment, hides any JWT_SECRET in .env.
      ['missing JWT_SECRET', { JWT_SECRET: '' }, /JWT_SECRET is required in production/],
      ['default JWT_SECRET', { JWT_SECRET: DEFAULT_JWT_SECRET }, /JWT_SECRET must not be the development default/],
      ['short JWT_SECRET', { JWT_SECRET: 'too-short' }, /JWT_SECRET must be at least 32 characters/],
      ['weak BCRYPT_COST', { JWT_SECRET: 'p'.repeat(48), BCRYPT_COST: '10' }, /BCRYPT_COST must be at least 12/],
      [
        'TOTP key equal to JWT secret',
        { JWT_SECRET: 'p'.repeat(48), TOTP_ENCRYPTION_KEY: 'p'.repeat(48) },
        /TOTP_ENCRYPTION_KEY must differ/,
      ],
    ];
    for (const [name, env, message] of cases) {
      const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
        cwd: ROOT,
        env: { ...production, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const stderr = run.stderr.trim();
      console.log(`S15: ${name} → exit ${run.status}: ${stderr}`);
      expect(run.status).not.toBe(0);
      expect(run.status).not.toBeNull();
      expect(stderr).toMatch(message);
      expect(stderr.split('\n')).toHaveLength(1);
      if (env.JWT_SECRET) expect(stderr).not.toContain(env.JWT_SECRET);
    }
  }, 300_000);
});

describe('S5: throttling per account and per IP (own api: TRUST_PROXY, short windows)', () => {
  // Long enough that 150 attempts fit in one window on a loaded 2-core machine.
  const WINDOW_SECONDS = 8;
  let api: RunningApp;

  beforeAll(async () => {
    const config = testConfig({
      // The test is the one proxy in front (S16): its X-Forwarded-For entry is believed.
      TRUST_PROXY: '127.0.0.1',
      AUTH_THROTTLE_ACCOUNT_LIMIT: '10',
      AUTH_THROTTLE_IP_LIMIT: '20',
      AUTH_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      AUTH_THROTTLE_BLOCK_SECONDS: String(WINDOW_SECONDS),
    });
    // Earlier tests in this worker signed in from 127.0.0.1 too; their throttle counters would
    // spend this test's 20-per-IP budget before its own sign-up. This worker's Redis db is its own.
    const redis = new Redis(config.redis.url);
    await redis.flushdb();
    redis.disconnect();
    api = await startApi(config);
  });
  afterAll(async () => {
    await api?.close();
  });

  const loginFrom = (ip: string, login: string, password: string) =>
    api.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'x-forwarded-for': ip },
      json: { login, password },
    });

  it('S5: 150 wrong passwords from rotating IPs → 429 per account; one IP against many accounts → 429; the owner signs in after the cooldown', async () => {
    const ada = await signUp(api);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let message = '';
    const started = Date.now();
    for (let i = 0; i < 150; i++) {
      // From a new address each time; the username and the email of one account share one budget.
      const res = await loginFrom(`10.${(i >> 8) & 255}.${i & 255}.7`, i % 2 ? ada.username : ada.email, `wrong ${i}`);
      statuses.push(res.status);
      if (res.status === 429 && !retryAfter) {
        retryAfter = res.headers.get('retry-after');
        message = (await json(res)).message;
      }
    }
    const elapsed = Date.now() - started;
    const count = (status: number) => statuses.filter((s) => s === status).length;
    console.log(
      `S5 (per account): 150 wrong passwords from 150 IPs in ${elapsed} ms → ${count(401)}× 401, ${count(429)}× 429; ` +
        `first 429 after ${statuses.indexOf(429)} attempts, Retry-After ${retryAfter}: "${message}"`,
    );
    // The limit is 10 per window; signUp's own successful login spent one of them.
    expect(count(401)).toBeLessThanOrEqual(10);
    expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(9);
    expect(statuses.slice(statuses.indexOf(429)).filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(count(429)).toBeGreaterThanOrEqual(100);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(message).toMatch(/for this account/);

    // During the cooldown even the right password is refused; after it the owner gets in.
    const during = await loginFrom('198.51.100.1', ada.email, ada.password);
    expect(during.status).toBe(429);
    const lastAttempt = Date.now();

    // One address trying many accounts is limited per IP.
    const perIp: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await loginFrom('192.0.2.99', `${uniqueName('nobody')}@example.test`, 'whatever it is');
      perIp.push(res.status);
    }
    console.log(
      `S5 (per IP): 25 logins for 25 accounts from one IP → ${perIp.filter((s) => s === 401).length}× 401, ${perIp.filter((s) => s === 429).length}× 429`,
    );
    expect(perIp.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(perIp.slice(20).every((s) => s === 429)).toBe(true);

    // Wait out the window and the block, counted from the account's last attempt.
    await sleep(Math.max(0, lastAttempt + WINDOW_SECONDS * 1000 + 500 - Date.now()));
    const after = await loginFrom('198.51.100.1', ada.email, ada.password);
    console.log(
      `S5 (cooldown): the owner during the cooldown → ${during.status}; after ${WINDOW_SECONDS} s → ${after.status}`,
    );
    expect(after.status).toBe(200);
  }, 60_000);
});
