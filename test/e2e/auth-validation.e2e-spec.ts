import { sign } from 'jsonwebtoken';
import { signUp, SignedUpUser } from '../support/auth';
import { json, RunningApp, startApi } from '../support/test-app';

interface BadInput {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  /** Who sends it: nobody, a signed-in user (Bearer), or explicit headers. */
  as?: 'anonymous' | 'user' | Record<string, string>;
  status: number;
  message: RegExp;
  /** Fields the answer's details must name. */
  fields?: string[];
}

const long = (n: number) => 'x'.repeat(n);
const user = 'user' as const;

/** A case builder per route: `route(name, body, status, message, fields?)`. */
const on =
  (method: string, path: string, as?: BadInput['as'], base: object = {}) =>
  (name: string, body: unknown, status: number, message: RegExp, fields?: string[]): BadInput => ({
    name: `${method} ${path}: ${name}`,
    method,
    path,
    body: body === undefined || Array.isArray(body) ? body : { ...base, ...(body as object) },
    as,
    status,
    message,
    fields,
  });
const register = on('POST', '/auth/register', 'anonymous', {
  username: 'valid_name',
  email: 'valid@example.test',
  password: 'long enough password',
});
const login = on('POST', '/auth/login', 'anonymous', { login: 'a@b.test', password: 'x' });
const post = (path: string, as?: BadInput['as']) => on('POST', path, as);
const me = (method: string, path = '/me') => on(method, path, user);
const bearer = (name: string, authorization: string, message: RegExp) =>
  on('GET', '/me', { authorization })(name, undefined, 401, message);
const tokens = on('POST', '/tokens', user, { name: 'n', scopes: ['read'] });
const settings = on('PUT', '/me/notification-settings', user, { frequency: 'weekly', time: '20:00', weekday: 0 });

/** Every kind of bad input on the account routes, and the 4xx each must get (never a 5xx). */
const CASES: BadInput[] = [
  on('POST', '/auth/register')('empty body', {}, 400, /username/, ['username', 'email', 'password']),
  register('JSON array body', [], 400, /./),
  register('username of the wrong type', { username: 12345 }, 400, /username must be a string/, ['username']),
  register('username too short', { username: 'ab' }, 400, /username must be 3–32 characters/, ['username']),
  register('username too long', { username: long(33) }, 400, /username must be 3–32 characters/),
  register('username of 10,000 characters', { username: long(10_000) }, 400, /username must be 3–32/),
  register('username with bad characters', { username: 'with space!' }, 400, /letters, digits/),
  register('username as an object (injection)', { username: { $gt: '' } }, 400, /username must be a string/),
  register('malformed email', { email: 'not-an-email' }, 400, /email must be an email address/, ['email']),
  register('email over 254 characters', { email: `${long(250)}@example.test` }, 400, /at most 254/, ['email']),
  register('email as an array', { email: ['a@b.example'] }, 400, /email must be a string/),
  register('password under 8 characters', { password: 'short' }, 400, /at least 8 characters/, ['password']),
  register('password over 72 bytes', { password: long(73) }, 400, /at most 72 bytes/, ['password']),
  register('password as a number', { password: 12345678 }, 400, /password must be a string/),
  register('unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 400, /IANA time zone/, ['timezone']),
  register('time zone as a number', { timezone: 5 }, 400, /IANA time zone/),
  register('null time zone (it was a 422)', { timezone: null }, 400, /IANA time zone/, ['timezone']),
  register('unknown field (role)', { role: 'admin' }, 400, /role is not an accepted field/, ['role']),
  register('unknown field (confirmedAt)', { confirmedAt: '2020-01-01' }, 400, /confirmedAt is not an accepted/),

  on('POST', '/auth/login')('empty body', {}, 400, /login/, ['login', 'password']),
  login('empty login', { login: '' }, 400, /login must be 1–254/),
  login('login of 10,000 characters', { login: long(10_000) }, 400, /login must be 1–254/),
  login('login as an object', { login: { $ne: null } }, 400, /login must be a string/),
  login('password as a number', { password: 1 }, 400, /password must be a string/),
  login('password over 72 bytes', { password: long(100) }, 400, /at most 72 bytes/),
  login('malformed code', { code: '12<script>' }, 400, /code must be the 6-digit code/),
  login('unknown field', { remember: true }, 400, /remember is not an accepted field/),
  login('unknown account', { login: 'nobody@example.test', password: 'whatever' }, 401, /login or password is wrong/),

  post('/auth/confirm-email')('no token', {}, 400, /token/, ['token']),
  post('/auth/confirm-email')('malformed token', { token: 'abc' }, 400, /token is malformed/),
  post('/auth/confirm-email')('token of 10,000 characters', { token: long(10_000) }, 400, /token is malformed/),
  post('/auth/confirm-email')('unknown token', { token: 'A'.repeat(43) }, 400, /already used or expired/, ['token']),
  post('/auth/forgot-password')('malformed email', { email: 'nope' }, 400, /email must be an email address/),
  post('/auth/forgot-password')('no email', {}, 400, /email/),
  post('/auth/reset-password')(
    'short new password',
    { token: 'A'.repeat(43), newPassword: 'short' },
    400,
    /at least 8/,
  ),
  post('/auth/reset-password')(
    'unknown token',
    { token: 'B'.repeat(43), newPassword: 'long enough password' },
    400,
    /password reset link is invalid/,
  ),
  post('/auth/change-password', user)('missing fields', {}, 400, /currentPassword/, ['currentPassword', 'newPassword']),
  post('/auth/change-password', user)(
    'wrong current password',
    { currentPassword: 'not the password', newPassword: 'long enough password' },
    422,
    /current password is wrong/,
    ['currentPassword'],
  ),
  post('/auth/refresh')('no cookie', undefined, 401, /no refresh cookie/),
  post('/auth/refresh', { cookie: 'tally_refresh=garbage; tally_csrf=c', 'x-csrf-token': 'c' })(
    'garbage cookie',
    undefined,
    401,
    /refresh token is invalid/,
  ),
  post('/auth/logout')('no credentials', undefined, 401, /Authentication is required/),

  on('GET', '/me')('no Authorization header', undefined, 401, /Authentication is required/),
  bearer('Basic instead of Bearer', 'Basic dXNlcjpwYXNz', /must be "Bearer <token>"/),
  bearer('Bearer without a token', 'Bearer ', /must be "Bearer <token>"/),
  bearer('a JWT-shaped fake', 'Bearer abc.def.ghi', /access token is invalid/),
  bearer('an unknown personal access token', `Bearer tally_pat_${long(43)}`, /personal access token is invalid/),
  bearer('a token of 5,000 characters', `Bearer ${long(5000)}`, /must be "Bearer <token>"/),
  me('PATCH')('bad username', { username: '!' }, 400, /username must be 3–32/),
  me('PATCH')('bad time zone', { timezone: 'Europe/Nowhere' }, 400, /IANA time zone/),
  me('PATCH')('null username (it was a 500)', { username: null }, 400, /username must be a string/, ['username']),
  me('PATCH')('null time zone (it was a 422)', { timezone: null }, 400, /IANA time zone/, ['timezone']),
  me('PATCH')('email cannot be changed here', { email: 'new@example.test' }, 400, /email is not an accepted field/),
  me('PATCH')('role cannot be changed', { role: 'admin' }, 400, /role is not an accepted field/),
  me('DELETE')('no password', {}, 400, /password/, ['password']),
  settings('unknown frequency', { frequency: 'hourly' }, 400, /frequency must be one of daily, weekly, off/),
  settings('25:00', { time: '25:00' }, 400, /time must be HH:mm/),
  settings('weekday 7', { weekday: 7 }, 400, /weekday must be a whole number from 0/),
  settings('weekday as text', { weekday: 'monday' }, 400, /weekday must be a whole number/),
  me('PUT', '/me/notification-settings')('missing fields', {}, 400, /frequency/, ['frequency', 'time', 'weekday']),
  me('PUT', '/me/report-settings')('unknown format', { format: 'docx' }, 400, /format must be one of pdf, html, off/),

  tokens('empty name', { name: '' }, 400, /name must be 1–100 characters/),
  tokens('name of 101 characters', { name: long(101) }, 400, /name must be 1–100 characters/),
  tokens('name as a number', { name: 42 }, 400, /name must be a string/),
  tokens('no scopes', { scopes: [] }, 400, /at least one of read, write/),
  tokens('unknown scope', { scopes: ['admin'] }, 400, /each scope must be read or write/),
  tokens('scopes as a string', { scopes: 'read' }, 400, /scopes must be a list/),
  tokens('repeated scope', { scopes: ['read', 'read'] }, 400, /must not repeat/),
  tokens('expiry of 0 days', { expiresInDays: 0 }, 400, /between 1 and 3650/),
  tokens('fractional expiry', { expiresInDays: 1.5 }, 400, /whole number of days/),
  tokens('unknown field', { userId: 1 }, 400, /userId is not an accepted field/),
  on('DELETE', '/tokens/abc', user)('id not a number', undefined, 400, /id must be a positive whole number/),
  on('DELETE', '/tokens/99999999', user)('unknown id', undefined, 404, /No such token/),
  on('DELETE', '/auth/sessions/1', user)('id not a UUID', undefined, 400, /id must be a session id/),
  post('/auth/2fa/setup', user)('no password', {}, 400, /password/),
  post('/auth/2fa/enable', user)('malformed code', { code: '<b>' }, 400, /code must be the 6-digit code/),
  post('/auth/2fa/enable', user)(
    'before setup',
    { code: '123456' },
    422,
    /Start with POST \/api\/v1\/auth\/2fa\/setup/,
  ),
  post('/auth/2fa/disable', user)('when off', { password: 'long enough', code: '123456' }, 409, /not on/),
];

describe('bad input on the account routes gets a 4xx with a useful message', () => {
  let api: RunningApp;
  let signedIn: SignedUpUser;

  beforeAll(async () => {
    api = await startApi();
    signedIn = await signUp(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const headers = c.as === 'user' ? signedIn.headers : c.as && c.as !== 'anonymous' ? c.as : {};
    const res = await api.request(`/api/v1${c.path}`, {
      method: c.method,
      headers,
      ...(c.body === undefined ? {} : { json: c.body }),
    });
    const body = await json(res);
    expect({ status: res.status, message: body.message }).toEqual({
      status: c.status,
      message: expect.stringMatching(c.message),
    });
    expect(body).toMatchObject({ statusCode: c.status, error: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT/i);
    if (c.fields) expect(body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(c.fields));
  });

  it('refuses an expired access token with a message that says to refresh', async () => {
    const { jwtSecret, issuer, audience } = api.config.auth;
    const claims = JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1]!, 'base64url').toString());
    const expired = sign({ sid: claims.sid, sub: claims.sub, exp: Math.floor(Date.now() / 1000) - 1 }, jwtSecret, {
      issuer,
      audience,
    });
    const res = await api.request('/api/v1/me', { headers: { authorization: `Bearer ${expired}` } });
    expect(res.status).toBe(401);
    expect((await json(res)).message).toMatch(/expired: get a new one from POST \/api\/v1\/auth\/refresh/);
  });

  it('documents every account route in OpenAPI with a summary, typed responses and its errors', async () => {
    const spec = await json(await api.request('/api/docs-json'));
    const problems: string[] = [];
    const ours = Object.entries<Record<string, Record<string, unknown>>>(spec.paths).filter(([path]) =>
      /^\/api\/v1\/(auth|me|tokens)/.test(path),
    );
    for (const [path, operations] of ours) {
      for (const [method, op] of Object.entries(operations) as [string, Record<string, never>][]) {
        const where = `${method.toUpperCase()} ${path}`;
        const responses = (op.responses ?? {}) as Record<string, { content?: unknown }>;
        if (!op.summary) problems.push(`${where}: no summary`);
        const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
        if (!success.length) problems.push(`${where}: no 2xx response`);
        for (const [status, response] of success)
          if (status !== '204' && !response.content) problems.push(`${where}: ${status} has no body type`);
        if (!Object.keys(responses).some((status) => status.startsWith('4')))
          problems.push(`${where}: no error response`);
        const hasBody = method !== 'get' && method !== 'delete' ? op.requestBody : true;
        if (
          !hasBody &&
          !['/api/v1/auth/refresh', '/api/v1/auth/logout', '/api/v1/auth/resend-confirmation'].includes(path)
        )
          problems.push(`${where}: no request body type`);
      }
    }
    expect(ours.length).toBeGreaterThanOrEqual(15);
    expect(problems).toEqual([]);
  });
});
