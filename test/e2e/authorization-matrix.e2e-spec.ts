import { MikroORM } from '@mikro-orm/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { randomToken, sha256, OneTimeToken, OneTimeTokenPurpose, User, UserRole } from '@tally/auth';
import { Unsubscribe } from '@tally/notifications';
import { AuthStateCache } from '../../libs/auth/src/auth-state.cache';
import { generateSync } from 'otplib';
import { BrowserSession, DEFAULT_PASSWORD, login, uniqueName } from '../support/auth';
import { compareWithTable, fillPath, listOperations, loadOpenApi, Operation } from '../support/openapi';
import { createUserVia } from '../support/sign-in';
import { json, RunningApp, startApi } from '../support/test-app';

/**
 * quality.md S9: every operation of the OpenAPI spec × {anonymous, owner, other user, admin}.
 *
 * The operations come from the running api's spec (/api/docs-json); MATRIX says, for each, the
 * status every caller must get. An operation without a row, or a row without an operation, fails
 * the first test. Path parameters always name the owner's resources, whoever calls: another user
 * and an admin must get 404 (product.md: someone else's resource is 404, never 403; admins get
 * Bull Board and nothing extra on other users' data). Routes without resource ids (`/me`, lists,
 * creates) act on the caller's own account, so every signed-in caller gets the owner's answer.
 *
 * Before the owner's own request of each row, the test checks that nothing the anonymous caller,
 * the other user and the admin did changed any of the owner's data, and that none of their answers
 * shows the owner's username or tracker name.
 */

/** The run order: the owner last, so a delete by the owner follows the others' attempts on the same resource. */
const CALLERS = ['anonymous', 'other', 'admin', 'owner'] as const;
type Caller = (typeof CALLERS)[number];
type Expected = readonly [anonymous: number, owner: number, other: number, admin: number];

// prettier-ignore
const MATRIX: Record<string, Expected> = {
  //                                                [anonymous, owner, other, admin]
  'GET /api/v1/health':                             [200, 200, 200, 200],
  'POST /api/v1/auth/register':                     [201, 201, 201, 201],
  'POST /api/v1/auth/confirm-email':                [204, 204, 204, 204],
  'POST /api/v1/auth/resend-confirmation':          [401, 202, 202, 202],
  'POST /api/v1/auth/login':                        [200, 200, 200, 200],
  'POST /api/v1/auth/refresh':                      [401, 200, 200, 200],
  'POST /api/v1/auth/logout':                       [401, 204, 204, 204],
  'POST /api/v1/auth/change-password':              [401, 204, 204, 204],
  'POST /api/v1/auth/forgot-password':              [202, 202, 202, 202],
  'POST /api/v1/auth/reset-password':               [204, 204, 204, 204],
  'GET /api/v1/auth/sessions':                      [401, 200, 200, 200],
  'DELETE /api/v1/auth/sessions/{id}':              [401, 204, 404, 404],
  'GET /api/v1/auth/2fa':                           [401, 200, 200, 200],
  'POST /api/v1/auth/2fa/setup':                    [401, 200, 200, 200],
  'POST /api/v1/auth/2fa/enable':                   [401, 200, 200, 200],
  'POST /api/v1/auth/2fa/disable':                  [401, 204, 204, 204],
  'POST /api/v1/auth/2fa/recovery-codes':           [401, 200, 200, 200],
  'GET /api/v1/me':                                 [401, 200, 200, 200],
  'PATCH /api/v1/me':                               [401, 200, 200, 200],
  'DELETE /api/v1/me':                              [401, 204, 204, 204],
  'GET /api/v1/me/notification-settings':           [401, 200, 200, 200],
  'PUT /api/v1/me/notification-settings':           [401, 200, 200, 200],
  'GET /api/v1/me/report-settings':                 [401, 200, 200, 200],
  'PUT /api/v1/me/report-settings':                 [401, 200, 200, 200],
  'GET /api/v1/tokens':                             [401, 200, 200, 200],
  'POST /api/v1/tokens':                            [401, 201, 201, 201],
  'DELETE /api/v1/tokens/{id}':                     [401, 204, 404, 404],
  'GET /api/v1/trackers':                           [401, 200, 200, 200],
  'POST /api/v1/trackers':                          [401, 201, 201, 201],
  'GET /api/v1/trackers/{id}':                      [401, 200, 404, 404],
  'PATCH /api/v1/trackers/{id}':                    [401, 200, 404, 404],
  'DELETE /api/v1/trackers/{id}':                   [401, 204, 404, 404],
  'GET /api/v1/trackers/{id}/stats':                [401, 200, 404, 404],
  'GET /api/v1/trackers/{id}/logs':                 [401, 200, 404, 404],
  'POST /api/v1/trackers/{id}/logs':                [401, 201, 404, 404],
  'GET /api/v1/trackers/{id}/logs/{logId}':         [401, 200, 404, 404],
  'PATCH /api/v1/trackers/{id}/logs/{logId}':       [401, 200, 404, 404],
  'DELETE /api/v1/trackers/{id}/logs/{logId}':      [401, 204, 404, 404],
  'POST /api/v1/unsubscribe/{token}':               [200, 200, 200, 200],
  'GET /api/v1/export':                             [401, 200, 200, 200],
  'POST /api/v1/import':                            [401, 200, 200, 200],
  // A month is the caller's own: the admin has no logs, so no report (404). No worker runs here, so
  // a PDF is always still to render (202).
  'GET /api/v1/reports':                            [401, 200, 200, 200],
  'GET /api/v1/reports/{month}':                    [401, 200, 200, 404],
  'GET /api/v1/reports/{month}/html':               [401, 200, 200, 404],
  'GET /api/v1/reports/{month}/pdf':                [401, 202, 202, 404],
  'POST /api/v1/reports/{month}/send':              [401, 202, 202, 404],
  'GET /api/v1/jobs/{id}':                          [401, 200, 404, 404],
  'POST /api/v1/admin/queues/session':              [401, 403, 403, 204],
};

interface Actor {
  who: Caller;
  user: { id: number; username: string } | null;
  session: BrowserSession | null;
  /** A tracker and a log of the actor's own (owner and other). */
  trackerId?: number;
  logId?: number;
}

interface Cast {
  actors: Record<Caller, Actor>;
  owner: {
    trackerId: number;
    trackerName: string;
    logId: number;
    tokenId: number;
    sessionId: string;
    /** The month of the owner's log (in their zone, UTC) and the job rendering its PDF. */
    month: string;
    jobId: string;
  };
}

interface Plan {
  /** Values for the path's placeholders: the owner's resources, whoever calls. */
  params?: (owner: Cast['owner']) => Record<string, string | number>;
  query?: string;
  /** A minimal valid body, so that the owner gets 2xx and a 4xx can only be authorization. */
  body?: (me: Actor) => unknown;
  /** The request uses up the cast (deletes, revokes, turns 2FA on): the row gets a cast of its own. */
  fresh?: true;
  /** The request ends or rotates its session: it is sent on a new sign-in of the caller. */
  newSession?: true;
}

const trackerOf = (o: Cast['owner']) => ({ id: o.trackerId });
const logOf = (o: Cast['owner']) => ({ id: o.trackerId, logId: o.logId });
const monthOf = (o: Cast['owner']) => ({ month: o.month });

/** How to call each operation; an operation needing nothing special has no entry. */
const PLANS: Record<string, Plan> = {
  'POST /api/v1/auth/register': {
    body: () => ({ username: uniqueName('mx'), email: `${uniqueName('mx')}@example.test`, password: DEFAULT_PASSWORD }),
  },
  'POST /api/v1/auth/confirm-email': {
    body: async () => ({ token: await oneTimeToken(OneTimeTokenPurpose.ConfirmEmail) }),
  },
  // Only an unconfirmed address can ask for the mail again.
  'POST /api/v1/auth/resend-confirmation': { fresh: true, body: (me) => (me.user ? unconfirm(me.user.id) : undefined) },
  // The caller signs in as itself (anonymous as a user of its own), so the owner's sessions stay as they were.
  'POST /api/v1/auth/login': {
    body: async (me) => ({ login: (me.user ?? (await createUserVia(api))).username, password: DEFAULT_PASSWORD }),
  },
  'POST /api/v1/auth/refresh': { newSession: true },
  'POST /api/v1/auth/logout': { newSession: true },
  'POST /api/v1/auth/change-password': {
    fresh: true,
    body: () => ({ currentPassword: DEFAULT_PASSWORD, newPassword: 'another correct horse' }),
  },
  'POST /api/v1/auth/forgot-password': { body: () => ({ email: `${uniqueName('nobody')}@example.test` }) },
  'POST /api/v1/auth/reset-password': {
    body: async () => ({
      token: await oneTimeToken(OneTimeTokenPurpose.ResetPassword),
      newPassword: 'another correct horse',
    }),
  },
  'DELETE /api/v1/auth/sessions/{id}': { fresh: true, params: (o) => ({ id: o.sessionId }) },
  'POST /api/v1/auth/2fa/setup': { body: () => ({ password: DEFAULT_PASSWORD }) },
  'POST /api/v1/auth/2fa/enable': {
    fresh: true,
    body: async (me) => ({ code: me.session ? generateSync({ secret: await enrol(me.session) }) : '123456' }),
  },
  'POST /api/v1/auth/2fa/disable': {
    fresh: true,
    body: async (me) => ({ password: DEFAULT_PASSWORD, code: me.session ? await twoFactorOn(me.session) : '123456' }),
  },
  'POST /api/v1/auth/2fa/recovery-codes': {
    fresh: true,
    body: async (me) => ({ password: DEFAULT_PASSWORD, code: me.session ? await twoFactorOn(me.session) : '123456' }),
  },
  'PATCH /api/v1/me': { body: () => ({ timezone: 'Europe/Berlin' }) },
  'DELETE /api/v1/me': { fresh: true, body: () => ({ password: DEFAULT_PASSWORD }) },
  'PUT /api/v1/me/notification-settings': { body: () => ({ frequency: 'weekly', time: '07:30', weekday: 1 }) },
  'PUT /api/v1/me/report-settings': { body: () => ({ format: 'html' }) },
  'POST /api/v1/tokens': { body: () => ({ name: uniqueName('token'), scopes: ['read'] }) },
  'DELETE /api/v1/tokens/{id}': { fresh: true, params: (o) => ({ id: o.tokenId }) },
  'POST /api/v1/trackers': { body: () => ({ name: uniqueName('tracker'), type: 'note' }) },
  'GET /api/v1/trackers/{id}': { params: trackerOf },
  'PATCH /api/v1/trackers/{id}': { params: trackerOf, body: () => ({ description: 'changed' }) },
  'DELETE /api/v1/trackers/{id}': { fresh: true, params: trackerOf },
  'GET /api/v1/trackers/{id}/stats': { params: trackerOf, query: '?bucket=week' },
  'GET /api/v1/trackers/{id}/logs': { params: trackerOf },
  'POST /api/v1/trackers/{id}/logs': { params: trackerOf, body: () => ({ value: 2 }) },
  'GET /api/v1/trackers/{id}/logs/{logId}': { params: logOf },
  'PATCH /api/v1/trackers/{id}/logs/{logId}': { params: logOf, body: () => ({ value: 3, emotion: 'calm' }) },
  'DELETE /api/v1/trackers/{id}/logs/{logId}': { fresh: true, params: logOf },
  // A link of a user of its own: the owner's settings stay as they were.
  'POST /api/v1/unsubscribe/{token}': { params: () => ({ token: unsubscribeLink }) },
  'GET /api/v1/export': { query: '?format=json' },
  'GET /api/v1/reports/{month}': { params: monthOf },
  'GET /api/v1/reports/{month}/html': { params: monthOf },
  'GET /api/v1/reports/{month}/pdf': { params: monthOf },
  // Each caller sends once (sends are bounded per user and month); a cast of its own keeps them apart.
  'POST /api/v1/reports/{month}/send': { fresh: true, params: monthOf, body: () => ({ format: 'html' }) },
  'GET /api/v1/jobs/{id}': { params: (o) => ({ id: o.jobId }) },
  'POST /api/v1/import': {
    body: () => {
      const form = new FormData();
      form.append(
        'file',
        new Blob(['tracker,trackerType,loggedAt,value\nImported,numerical,2025-01-01T00:00:00Z,1\n']),
        'x.csv',
      );
      return form;
    },
  },
};

let api: RunningApp;
/** A one-click unsubscribe link of a user of its own (public: anyone holding the link may use it). */
let unsubscribeLink: string;

/** What the table check reports: rows missing or stale, and rows whose anonymous column contradicts the spec's security. */
function tableProblems(operations: Operation[]): string[] {
  const { missing, stale } = compareWithTable(operations, Object.keys(MATRIX));
  return [
    ...missing.map((key) => `${key}: in the OpenAPI spec but not in MATRIX (say who may call it)`),
    ...stale.map((key) => `${key}: in MATRIX but no longer in the OpenAPI spec`),
    ...Object.keys(PLANS)
      .filter((key) => !(key in MATRIX))
      .map((key) => `${key}: in PLANS but not in MATRIX`),
    ...operations
      .filter((op) => op.key in MATRIX && op.isPublic !== (MATRIX[op.key]![0] !== 401))
      .map(
        (op) =>
          `${op.key}: the spec says ${op.isPublic ? 'public' : 'authenticated'}, MATRIX expects anonymous → ${MATRIX[op.key]![0]}`,
      ),
  ];
}

/** The headers that present `session` the way the spec's security requirement for `op` asks. */
function credentials(op: Operation, session: BrowserSession | null): Record<string, string> {
  if (!session) return {};
  if (op.isPublic) return session.headers;
  const schemes: Record<string, Record<string, string>> = {
    bearer: session.headers,
    refresh: { cookie: session.cookieHeaders.cookie },
    csrf: { 'x-csrf-token': session.cookieHeaders['x-csrf-token'] },
  };
  const alternative = op.security.find((names) => names.every((name) => name in schemes));
  if (!alternative) throw new Error(`${op.key}: no credentials for security ${JSON.stringify(op.security)}`);
  return Object.assign({}, ...alternative.map((name) => schemes[name]));
}

/** For the summary line. */
const counts = { requests: 0, probes: 0, worldChecks: 0, casts: 0 };

async function asActor(actor: Actor, path: string, init: RequestInit & { json?: unknown } = {}) {
  const res = await api.request(path, { ...init, headers: { ...actor.session?.headers, ...init.headers } });
  if (res.status >= 300)
    throw new Error(`${init.method ?? 'GET'} ${path} as ${actor.who}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : json(res);
}

/** A confirmation or reset token for a user of its own, as the worker would mail it. */
async function oneTimeToken(purpose: OneTimeTokenPurpose): Promise<string> {
  const user = await createUserVia(api);
  const em = api.app.get(MikroORM).em.fork();
  const token = randomToken();
  const now = new Date();
  em.create(OneTimeToken, {
    user: em.getReference(User, user.id),
    purpose,
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  await em.flush();
  return token;
}

/** Makes the address unconfirmed again; no body. */
async function unconfirm(userId: number): Promise<undefined> {
  await api.app.get(MikroORM).em.fork().nativeUpdate(User, { id: userId }, { confirmedAt: null });
  return undefined;
}

async function enrol(session: BrowserSession): Promise<string> {
  const res = await api.request('/api/v1/auth/2fa/setup', {
    method: 'POST',
    headers: session.headers,
    json: { password: DEFAULT_PASSWORD },
  });
  return (await json(res)).secret;
}

/** Turns two-factor authentication on and returns a recovery code (a TOTP code would be a replay). */
async function twoFactorOn(session: BrowserSession): Promise<string> {
  const code = generateSync({ secret: await enrol(session) });
  const res = await api.request('/api/v1/auth/2fa/enable', {
    method: 'POST',
    headers: session.headers,
    json: { code },
  });
  if (res.status !== 200) throw new Error(`2FA enable: ${res.status} ${await res.text()}`);
  return (await json(res)).recoveryCodes[0];
}

/** An owner with a tracker, a log, a personal access token and a second session; another user; an admin. */
async function newCast(): Promise<Cast> {
  counts.casts += 1;
  const users = {
    owner: await createUserVia(api),
    other: await createUserVia(api),
    admin: await createUserVia(api, { role: UserRole.Admin }),
  };
  const actors = { anonymous: { who: 'anonymous', user: null, session: null } } as Record<Caller, Actor>;
  for (const who of ['owner', 'other', 'admin'] as const) {
    actors[who] = { who, user: users[who], session: await login(api, users[who].username) };
  }
  const trackerName = uniqueName('Secret');
  for (const who of ['owner', 'other'] as const) {
    const name = who === 'owner' ? trackerName : uniqueName('Theirs');
    const tracker = await asActor(actors[who], '/api/v1/trackers', {
      method: 'POST',
      json: { name, type: 'numerical' },
    });
    const log = await asActor(actors[who], `/api/v1/trackers/${tracker.id}/logs`, {
      method: 'POST',
      json: { value: 1 },
    });
    Object.assign(actors[who], { trackerId: tracker.id, logId: log.id });
  }
  const owner = actors.owner;
  const token = await asActor(owner, '/api/v1/tokens', { method: 'POST', json: { name: 'cli', scopes: ['read'] } });
  const device = await login(api, users.owner.username);
  const sessions = await asActor({ ...owner, session: device }, '/api/v1/auth/sessions');
  const sessionId = sessions.items.find((s: { current: boolean }) => s.current).id;
  const month = new Date().toISOString().slice(0, 7);
  const job = await asActor(owner, `/api/v1/reports/${month}/pdf`);
  return {
    actors,
    owner: {
      trackerId: owner.trackerId!,
      trackerName,
      logId: owner.logId!,
      tokenId: token.id,
      sessionId,
      month,
      jobId: job.id,
    },
  };
}

/** Everything of the owner's that a route could change, read back over the API. */
async function ownerWorld(cast: Cast) {
  const owner = cast.actors.owner;
  const get = (path: string) => asActor(owner, `/api/v1${path}`);
  const { exportedAt: _, ...exported } = await get('/export?format=json');
  return {
    me: await get('/me'),
    exported,
    tokens: await get('/tokens'),
    sessions: await get('/auth/sessions'),
    twoFactor: await get('/auth/2fa'),
    notifications: await get('/me/notification-settings'),
    reports: await get('/me/report-settings'),
  };
}

interface Outcome {
  status: number;
  body: string;
}

async function call(op: Operation, cast: Cast, actor: Actor): Promise<Outcome> {
  const plan = PLANS[op.key] ?? {};
  const session = plan.newSession && actor.user ? await login(api, actor.user.username) : actor.session;
  const body = await plan.body?.({ ...actor, session });
  const path = fillPath(op.path, plan.params?.(cast.owner) ?? {}) + (plan.query ?? '');
  counts.requests += 1;
  const res = await api.request(path, {
    method: op.method,
    headers: credentials(op, session),
    ...(body instanceof FormData ? { body } : body === undefined ? {} : { json: body }),
  });
  return { status: res.status, body: await res.text() };
}

describe('S9: authorization matrix from the OpenAPI spec', () => {
  let spec: OpenAPIObject;
  let operations: Map<string, Operation>;
  let shared: Cast;
  let started = 0;
  const checked = new Set<string>();

  beforeAll(async () => {
    started = Date.now();
    api = await startApi();
    spec = await loadOpenApi(api);
    operations = new Map(listOperations(spec).map((op) => [op.key, op]));
    shared = await newCast();
    unsubscribeLink = api.app.get(Unsubscribe).token((await createUserVia(api)).id, 'reminders');
  });

  afterAll(async () => {
    await api?.close();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `S9: ${checked.size}/${operations?.size} operations × ${CALLERS.length} callers as expected ` +
        `(${counts.requests} requests, ${counts.probes} mixed-id probes); the owner's data unchanged by the others ` +
        `in ${counts.worldChecks} checks; ${counts.casts} casts of owner/other/admin; ${seconds} s`,
    );
  });

  it('has a row for every operation in the spec, and none for operations it lacks', () => {
    expect(tableProblems([...operations.values()])).toEqual([]);
  });

  it('reports a route added to the spec without a row, a row whose route is gone, and a public/protected mismatch', () => {
    const changed: OpenAPIObject = structuredClone(spec);
    changed.paths['/api/v1/admin/users'] = {
      get: { security: [{ bearer: [] }], responses: { 200: { description: 'Every user' } } },
    };
    delete changed.paths['/api/v1/health'];
    changed.paths['/api/v1/me']!.get!.security = [];
    expect(tableProblems(listOperations(changed))).toEqual([
      'GET /api/v1/admin/users: in the OpenAPI spec but not in MATRIX (say who may call it)',
      'GET /api/v1/health: in MATRIX but no longer in the OpenAPI spec',
      'GET /api/v1/me: the spec says public, MATRIX expects anonymous → 401',
    ]);
  });

  it.each(Object.keys(MATRIX))('%s', async (key) => {
    const op = operations.get(key);
    if (!op) throw new Error(`${key} is not in the OpenAPI spec`);
    const plan = PLANS[key] ?? {};
    const cast = plan.fresh ? await newCast() : shared;
    const outcomes = {} as Record<Caller, Outcome>;

    const before = await ownerWorld(cast);
    for (const who of CALLERS.filter((c) => c !== 'owner')) outcomes[who] = await call(op, cast, cast.actors[who]);
    // Nothing the anonymous caller, the other user or the admin did reached the owner's data.
    expect(await ownerWorld(cast)).toEqual(before);
    counts.worldChecks += 1;
    outcomes.owner = await call(op, cast, cast.actors.owner);

    const [anonymous, owner, other, admin] = MATRIX[key]!;
    const statuses = Object.fromEntries(CALLERS.map((who) => [who, outcomes[who].status]));
    expect({ key, ...statuses }).toEqual({ key, anonymous, owner, other, admin });

    for (const who of CALLERS) {
      const { status, body } = outcomes[who];
      // Every answer is one the spec documents; none but the owner's shows the owner's name or tracker.
      expect({ key, who, documented: String(status) in op.responses }).toEqual({ key, who, documented: true });
      if (who !== 'owner') {
        const leaks = [cast.owner.trackerName, cast.actors.owner.user!.username].filter((s) => body.includes(s));
        expect({ key, who, leaks }).toEqual({ key, who, leaks: [] });
      }
    }
    checked.add(key);
  });

  it('opens Bull Board (outside the spec) to admins only, with the pass an admin session asks for', async () => {
    const board = (cookie?: string, path = '/admin/queues') =>
      api.request(path, { headers: cookie ? { cookie } : {} }).then(async (res) => ({
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: await res.text(),
      }));
    const passOf = async (actor: Actor) => {
      const res = await api.request('/api/v1/admin/queues/session', {
        method: 'POST',
        headers: actor.session!.headers,
      });
      const cookie = res.headers.getSetCookie().find((line) => line.startsWith('tally_queues='));
      return { status: res.status, cookie: cookie?.split(';')[0], attributes: cookie };
    };
    const { owner, other, admin } = shared.actors;
    // Without a pass: 401 for everyone, a Bearer token included (a browser sends none).
    expect((await board()).status).toBe(401);
    const bearer = await api.request('/admin/queues', { headers: owner.session!.headers });
    expect(bearer.status).toBe(401);
    // Non-admins cannot get a pass; a forged or tampered one is refused.
    expect((await passOf(owner)).status).toBe(403);
    expect((await passOf(other)).status).toBe(403);
    const pass = await passOf(admin);
    expect(pass.status).toBe(204);
    expect(pass.attributes).toMatch(/HttpOnly/i);
    expect(pass.attributes).toMatch(/SameSite=Strict/i);
    expect(pass.attributes).toMatch(/Path=\/admin\/queues/);
    const [name, value] = pass.cookie!.split('=') as [string, string];
    const parts = value.split('.');
    const forged = `${name}=${owner.user!.id}.${parts[1]}.${parts[2]}.${parts[3]}`;
    expect((await board(forged)).status).toBe(401);
    const flipped = value.endsWith('A') ? 'B' : 'A';
    expect((await board(`${name}=${value.slice(0, -1)}${flipped}`)).status).toBe(401);

    // The admin's pass opens the page, its assets and its JSON API, under the api's CSP.
    const page = await board(pass.cookie);
    expect(page).toMatchObject({ status: 200, type: expect.stringContaining('text/html') });
    const script = /src="(static\/js\/main[^"]+)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await board(pass.cookie, `/admin/queues/${script}`)).status).toBe(200);
    const queues = await board(pass.cookie, '/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(
      JSON.parse(queues.body)
        .queues.map((q: { name: string }) => q.name)
        .sort(),
    ).toEqual(['mail', 'reminders', 'reports', 'system'].sort());
    const csp = (await api.request('/admin/queues', { headers: { cookie: pass.cookie! } })).headers.get(
      'content-security-policy',
    );
    expect(csp).toContain("script-src 'self'");

    // The pass ends with the admin role (403) and with the session (401).
    const orm = api.app.get(MikroORM);
    await orm.em.fork().nativeUpdate(User, { id: admin.user!.id }, { role: UserRole.User });
    await api.app.get(AuthStateCache).userChanged(await orm.em.fork().findOneOrFail(User, admin.user!.id));
    expect((await board(pass.cookie)).status).toBe(403);
    await orm.em.fork().nativeUpdate(User, { id: admin.user!.id }, { role: UserRole.Admin });
    await api.app.get(AuthStateCache).userChanged(await orm.em.fork().findOneOrFail(User, admin.user!.id));
    expect((await board(pass.cookie)).status).toBe(200);
    const logout = await api.request('/api/v1/auth/logout', { method: 'POST', headers: admin.session!.headers });
    expect(logout.status).toBe(204);
    expect((await board(pass.cookie)).status).toBe(401);
    shared.actors.admin = { ...admin, session: await login(api, admin.user!.username) };
  });

  it("gets 404 for the owner's log through another user's own tracker", async () => {
    const nested = [...operations.values()].filter((op) => op.pathParams.length > 1);
    expect(nested.length).toBeGreaterThan(0);
    const other = shared.actors.other;
    const before = await ownerWorld(shared);
    for (const op of nested) {
      const path = fillPath(op.path, { id: other.trackerId!, logId: shared.owner.logId });
      const body = PLANS[op.key]?.body?.(other);
      counts.probes += 1;
      const res = await api.request(path, {
        method: op.method,
        headers: credentials(op, other.session),
        ...(body === undefined ? {} : { json: body }),
      });
      expect({ key: op.key, status: res.status }).toEqual({ key: op.key, status: 404 });
    }
    expect(await ownerWorld(shared)).toEqual(before);
    counts.worldChecks += 1;
  });
});
