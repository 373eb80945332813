import { cookiesOf, DEFAULT_PASSWORD, login, uniqueName } from '../support/auth';
import { MailStack, startMailStack } from '../support/mail-stack';
import { SmtpSink, tokenFromMail } from '../support/smtp-sink';
import { json, RunningApp } from '../support/test-app';

const APP_URL = 'http://tally.test';

describe('account journey (api + worker + in-process SMTP server)', () => {
  let stack: MailStack;
  let sink: SmtpSink;
  let api: RunningApp;

  beforeAll(async () => {
    stack = await startMailStack({ APP_URL });
    ({ sink, api } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('register → confirmation mail → confirm → login → refresh → logout → refresh fails', async () => {
    const username = uniqueName('journey');
    const email = `${username}@Example.test`;

    // Register: 201 with the profile, unconfirmed.
    const registered = await api.request('/api/v1/auth/register', {
      method: 'POST',
      json: { username, email, password: DEFAULT_PASSWORD, timezone: 'Europe/Berlin' },
    });
    expect(registered.status).toBe(201);
    const profile = await json(registered);
    expect(profile).toMatchObject({
      username,
      email: email.toLowerCase(),
      emailConfirmed: false,
      timezone: 'Europe/Berlin',
      role: 'user',
      loginCount: 0,
    });
    expect(profile).not.toHaveProperty('password');

    // The worker sends the confirmation email, with an HTML and a plain-text part.
    const mail = await sink.waitForMail(email, /confirm your email/i);
    // Handlebars escapes "=" in attributes as &#x3D;, which browsers read back as "=".
    expect(mail.html.replaceAll('&#x3D;', '=')).toContain(`href="${APP_URL}/confirm-email#token=`);
    expect(mail.text).toContain(`${APP_URL}/confirm-email#token=`);
    expect(mail.text).toContain(`Hi ${username}`);
    expect(mail.from).toContain('Tally');
    const token = tokenFromMail(mail);

    // Unconfirmed users can sign in (the client shows a banner).
    const early = await login(api, username);
    const before = await json(await api.request('/api/v1/me', { headers: early.headers }));
    expect(before.emailConfirmed).toBe(false);

    // Confirm: once.
    const confirmed = await api.request('/api/v1/auth/confirm-email', { method: 'POST', json: { token } });
    expect(confirmed.status).toBe(204);
    const again = await api.request('/api/v1/auth/confirm-email', { method: 'POST', json: { token } });
    expect(again.status).toBe(400);
    expect((await json(again)).message).toMatch(/invalid, already used or expired/);

    // Login with the email (any case): access token plus the refresh and CSRF cookies.
    const loginRes = await api.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'user-agent': 'journey-test/1.0' },
      json: { login: email.toUpperCase(), password: DEFAULT_PASSWORD },
    });
    expect(loginRes.status).toBe(200);
    const setCookies = loginRes.headers.getSetCookie();
    const refreshCookie = setCookies.find((c) => c.startsWith('tally_refresh='))!;
    expect(refreshCookie).toMatch(/HttpOnly/i);
    expect(refreshCookie).toMatch(/SameSite=Strict/i);
    expect(refreshCookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(setCookies.find((c) => c.startsWith('tally_csrf='))).not.toMatch(/HttpOnly/i);
    const body = await json(loginRes);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username, emailConfirmed: true } });
    const cookies = cookiesOf(loginRes);
    const session = {
      headers: { authorization: `Bearer ${body.accessToken}` },
      cookie: `tally_refresh=${cookies.tally_refresh}; tally_csrf=${cookies.tally_csrf}`,
      csrf: cookies.tally_csrf!,
    };

    const me = await json(await api.request('/api/v1/me', { headers: session.headers }));
    expect(me).toMatchObject({
      emailConfirmed: true,
      loginCount: 2,
      currentLoginIp: '127.0.0.1',
      lastLoginIp: '127.0.0.1',
    });
    expect(new Date(me.currentLoginAt).getTime()).toBeGreaterThan(new Date(me.lastLoginAt).getTime() - 1);

    // Refresh rotates the refresh token and gives a working access token.
    const refreshed = await api.request('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(refreshed.status).toBe(200);
    const rotated = cookiesOf(refreshed);
    expect(rotated.tally_refresh).toBeDefined();
    expect(rotated.tally_refresh).not.toBe(cookies.tally_refresh);
    const fresh = await json(refreshed);
    const freshHeaders = { authorization: `Bearer ${fresh.accessToken}` };
    expect((await api.request('/api/v1/me', { headers: freshHeaders })).status).toBe(200);

    // Logout with the cookie: the session ends.
    const cookieNow = `tally_refresh=${rotated.tally_refresh}; tally_csrf=${rotated.tally_csrf}`;
    const logout = await api.request('/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie: cookieNow, 'x-csrf-token': rotated.tally_csrf! },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().some((c) => /^tally_refresh=;/.test(c))).toBe(true);

    const refreshAfter = await api.request('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: cookieNow, 'x-csrf-token': rotated.tally_csrf! },
    });
    expect(refreshAfter.status).toBe(401);
    expect((await api.request('/api/v1/me', { headers: freshHeaders })).status).toBe(401);
    // The first sign-in (another session) is unaffected.
    expect((await api.request('/api/v1/me', { headers: early.headers })).status).toBe(200);
  });
});
