import { EntityManager } from '@mikro-orm/mysql';
import { generateSync } from 'otplib';
import { JobQueue, QueueName } from '../../libs/platform/src/queue';
import { ApiToken, LoginEvent, OneTimeToken, RecoveryCode, Session, User } from '@tally/auth';
import { Emotion, Log } from '@tally/logs';
import { MonthlyStats, ReportSetting } from '@tally/reports';
import { NotificationSetting } from '@tally/notifications';
import { Tracker, TrackerType } from '@tally/trackers';
import { DEFAULT_PASSWORD, login, signUp, uniqueName } from '../support/auth';
import { MailStack, startMailStack } from '../support/mail-stack';
import { createUserVia, signIn } from '../support/sign-in';
import { SmtpSink, tokenFromMail } from '../support/smtp-sink';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

/** Three distinct valid TOTP codes at any moment: the previous, current and next 30 s step. */
const totp = (secret: string, step: -1 | 0 | 1 = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + step * 30 });

describe('accounts: confirmation, two-factor, sessions, tokens, profile', () => {
  let stack: MailStack;
  let sink: SmtpSink;
  let api: RunningApp;
  const em = () => api.app.get(EntityManager).fork();
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    api.request(`/api/v1${path}`, { method: 'POST', headers, json: body });

  beforeAll(async () => {
    stack = await startMailStack({ APP_URL: 'http://tally.test' });
    ({ sink, api } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** The outcome of the worker's `mail.send` job for a user and template, once it has run. */
  async function mailOutcome(userId: number, template: string) {
    const queue = api.app.get(JobQueue).queue(QueueName.Mail);
    for (let attempt = 0; attempt < 100; attempt++) {
      const done = (await queue.getCompleted()).find((j) => j.data.userId === userId && j.data.template === template);
      if (done) return done.returnvalue;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`No completed ${template} job for user ${userId}`);
  }

  describe('registration and confirmation', () => {
    it('answers a taken username (any case) or email with 409 naming the field', async () => {
      const ada = await signUp(api);
      const taken = async (username: string, email: string) => {
        const res = await post('/auth/register', { username, email, password: DEFAULT_PASSWORD });
        return { status: res.status, fields: ((await json(res)).details ?? []).map((d: { field: string }) => d.field) };
      };
      expect(await taken(ada.username.toUpperCase(), `${uniqueName()}@example.test`)).toEqual({
        status: 409,
        fields: ['username'],
      });
      expect(await taken(uniqueName(), ada.email.toUpperCase())).toEqual({ status: 409, fields: ['email'] });
      expect(await taken(ada.username, ada.email)).toEqual({ status: 409, fields: ['email', 'username'] });
    });

    it('creates the default notification and report settings with the account', async () => {
      const ada = await signUp(api);
      expect(await json(await api.request('/api/v1/me/notification-settings', { headers: ada.headers }))).toEqual({
        frequency: 'daily',
        time: '20:00',
        weekday: 0,
        eventReminders: true,
      });
      expect(await json(await api.request('/api/v1/me/report-settings', { headers: ada.headers }))).toEqual({
        format: 'pdf',
      });
      expect(await em().count(NotificationSetting, { user: ada.user.id })).toBe(1);
      expect(await em().count(ReportSetting, { user: ada.user.id })).toBe(1);
    });

    it('resends the confirmation email while unconfirmed, and says 409 once confirmed', async () => {
      const ada = await signUp(api, { confirmed: false });
      await sink.waitForMail(ada.email, /confirm your email/i);
      const resent = await post('/auth/resend-confirmation', {}, ada.headers);
      expect(resent.status).toBe(202);
      await sink.waitFor(
        (m) => m.to.includes(ada.email) && /confirm/i.test(m.subject) && sink.to(ada.email).length >= 2,
      );
      const token = tokenFromMail(sink.to(ada.email).at(-1)!);
      expect((await post('/auth/confirm-email', { token })).status).toBe(204);
      const again = await post('/auth/resend-confirmation', {}, ada.headers);
      expect(again.status).toBe(409);
      expect((await json(again)).message).toMatch(/already confirmed/);
    });

    it('sends account mail to unconfirmed addresses only when it is a confirmation or a reset', async () => {
      const ada = await signUp(api, { confirmed: false });
      const changed = await post(
        '/auth/change-password',
        { currentPassword: DEFAULT_PASSWORD, newPassword: 'a second passphrase' },
        ada.headers,
      );
      expect(changed.status).toBe(204);
      expect(await mailOutcome(ada.user.id, 'password-changed')).toEqual({
        sent: false,
        reason: 'address not confirmed',
      });
      await post('/auth/forgot-password', { email: ada.email });
      expect(await mailOutcome(ada.user.id, 'reset-password')).toMatchObject({ sent: true, to: ada.email });
      // Using the reset link proves the address, so it counts as confirmed.
      const token = tokenFromMail(await sink.waitForMail(ada.email, /reset your tally password/i));
      expect((await post('/auth/reset-password', { token, newPassword: 'third passphrase here' })).status).toBe(204);
      const me = await json(
        await api.request('/api/v1/me', { headers: (await login(api, ada.email, 'third passphrase here')).headers }),
      );
      expect(me.emailConfirmed).toBe(true);
    });

    it('says nothing to forgot-password about whether an account exists, and a used reset link fails', async () => {
      const ada = await signUp(api);
      const known = await post('/auth/forgot-password', { email: ada.email });
      const unknown = await post('/auth/forgot-password', { email: `${uniqueName()}@example.test` });
      expect(known.status).toBe(202);
      expect(await json(known)).toEqual(await json(unknown));
      const token = tokenFromMail(await sink.waitForMail(ada.email, /reset your tally password/i));
      expect((await post('/auth/reset-password', { token, newPassword: 'new passphrase one' })).status).toBe(204);
      const reused = await post('/auth/reset-password', { token, newPassword: 'new passphrase two' });
      expect(reused.status).toBe(400);
      expect((await json(reused)).details).toEqual([
        { field: 'token', message: 'token is invalid, already used or expired' },
      ]);
    });
  });

  describe('password hashes', () => {
    it('upgrades a hash made at a lower bcrypt cost when its owner signs in', async () => {
      const ada = await signUp(api);
      const cost = async () =>
        (await em().findOneOrFail(User, ada.user.id, { populate: ['password'] })).password.slice(0, 7);
      expect(await cost()).toBe('$2b$04$');
      const stricter = await startApi(testConfig({ BCRYPT_COST: '5' }));
      try {
        expect((await login(stricter, ada.email)).accessToken).toBeTruthy();
        expect(await cost()).toBe('$2b$05$');
        expect((await login(api, ada.email)).accessToken).toBeTruthy();
      } finally {
        await stricter.close();
      }
    });
  });

  describe('two-factor authentication', () => {
    it('enrols, asks for a code at login, accepts each code and recovery code once, and turns off', async () => {
      const ada = await signUp(api);
      expect(await json(await api.request('/api/v1/auth/2fa', { headers: ada.headers }))).toEqual({
        enabled: false,
        recoveryCodesRemaining: 0,
      });
      expect((await post('/auth/2fa/setup', { password: 'not my password' }, ada.headers)).status).toBe(422);

      const setup = await json(await post('/auth/2fa/setup', { password: ada.password }, ada.headers));
      expect(setup.otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Tally:${ada.username}\\?secret=${setup.secret}`));
      expect(setup.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
      // Not yet on: login still works without a code.
      expect((await login(api, ada.email)).accessToken).toBeTruthy();
      // The secret is stored encrypted.
      const stored = await em().findOneOrFail(User, ada.user.id, { populate: ['totpSecret'] });
      expect(stored.totpSecret).toMatch(/^v1\./);
      expect(stored.totpSecret).not.toContain(setup.secret);

      expect((await post('/auth/2fa/enable', { code: '000000' }, ada.headers)).status).toBe(422);
      const enabled = await post('/auth/2fa/enable', { code: totp(setup.secret, -1) }, ada.headers);
      expect(enabled.status).toBe(200);
      const { recoveryCodes } = await json(enabled);
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const hashes = (await em().find(RecoveryCode, { user: ada.user.id })).map((r) => r.codeHash);
      expect(hashes).toHaveLength(10);
      expect(hashes.join()).not.toContain(recoveryCodes[0].replace(/-/g, ''));
      expect((await post('/auth/2fa/setup', { password: ada.password }, ada.headers)).status).toBe(409);

      // Login: the password alone is not enough; the answer names the missing field.
      const noCode = await post('/auth/login', { login: ada.email, password: ada.password });
      expect(noCode.status).toBe(401);
      expect((await json(noCode)).details).toEqual([{ field: 'code', message: 'code is required for this account' }]);
      expect((await post('/auth/login', { login: ada.email, password: ada.password, code: '123456' })).status).toBe(
        401,
      );
      const code = totp(setup.secret, 0);
      expect((await post('/auth/login', { login: ada.email, password: ada.password, code })).status).toBe(200);
      // The same code cannot be replayed within its window.
      expect((await post('/auth/login', { login: ada.email, password: ada.password, code })).status).toBe(401);

      // A recovery code works once (in any case, with or without dashes).
      const recovery = recoveryCodes[0].toLowerCase().replace(/-/g, '');
      expect((await post('/auth/login', { login: ada.email, password: ada.password, code: recovery })).status).toBe(
        200,
      );
      expect((await post('/auth/login', { login: ada.email, password: ada.password, code: recovery })).status).toBe(
        401,
      );
      expect(await json(await api.request('/api/v1/auth/2fa', { headers: ada.headers }))).toEqual({
        enabled: true,
        recoveryCodesRemaining: 9,
      });

      // New recovery codes replace the old ones.
      const regenerated = await post(
        '/auth/2fa/recovery-codes',
        { password: ada.password, code: recoveryCodes[1] },
        ada.headers,
      );
      const fresh = (await json(regenerated)).recoveryCodes;
      expect(fresh).toHaveLength(10);
      expect(
        (await post('/auth/login', { login: ada.email, password: ada.password, code: recoveryCodes[2] })).status,
      ).toBe(401);

      // Turning it off needs the password and a code.
      expect((await post('/auth/2fa/disable', { password: ada.password, code: '000000' }, ada.headers)).status).toBe(
        422,
      );
      const disabled = await post(
        '/auth/2fa/disable',
        { password: ada.password, code: totp(setup.secret, 1) },
        ada.headers,
      );
      expect(disabled.status).toBe(204);
      expect((await login(api, ada.email)).accessToken).toBeTruthy();
      expect(await em().count(RecoveryCode, { user: ada.user.id })).toBe(0);
    });

    it('is managed from a signed-in session only, never with a personal access token', async () => {
      const ada = await signUp(api);
      const { token } = await json(await post('/tokens', { name: 'all', scopes: ['read', 'write'] }, ada.headers));
      const res = await post('/auth/2fa/setup', { password: ada.password }, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(403);
      expect((await json(res)).message).toMatch(/Personal access tokens cannot be used here/);
    });
  });

  describe('sessions', () => {
    it('lists the live sessions, marks the current one, and revokes one by id', async () => {
      const ada = await signUp(api);
      const phone = await login(api, ada.username);
      const list = await json(await api.request('/api/v1/auth/sessions', { headers: ada.headers }));
      expect(list.nextCursor).toBeNull();
      expect(list.items).toHaveLength(2);
      expect(list.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const other = list.items.find((s: { current: boolean }) => !s.current);
      expect(other).toMatchObject({ ip: '127.0.0.1' });

      const bob = await signUp(api);
      expect(
        (await api.request(`/api/v1/auth/sessions/${other.id}`, { method: 'DELETE', headers: bob.headers })).status,
      ).toBe(404);
      expect((await api.request('/api/v1/me', { headers: phone.headers })).status).toBe(200);

      expect(
        (await api.request(`/api/v1/auth/sessions/${other.id}`, { method: 'DELETE', headers: ada.headers })).status,
      ).toBe(204);
      expect((await api.request('/api/v1/me', { headers: phone.headers })).status).toBe(401);
      expect(
        (await api.request(`/api/v1/auth/sessions/${other.id}`, { method: 'DELETE', headers: ada.headers })).status,
      ).toBe(404);
      expect(
        (await api.request('/api/v1/auth/sessions/not-a-uuid', { method: 'DELETE', headers: ada.headers })).status,
      ).toBe(400);
      expect((await json(await api.request('/api/v1/auth/sessions', { headers: ada.headers }))).items).toHaveLength(1);
    });

    it('signs one user in many times at once without a deadlock, counting every login', async () => {
      const ada = await signUp(api);
      const signIns = () =>
        Promise.all(
          Array.from({ length: 12 }, () => post('/auth/login', { login: ada.username, password: ada.password })),
        );
      const statuses = [...(await signIns()), ...(await signIns())].map((res) => res.status);
      expect(statuses).toEqual(Array(24).fill(200));
      const me = await json(await api.request('/api/v1/me', { headers: ada.headers }));
      expect(me.loginCount).toBe(25);
      expect(await em().count(LoginEvent, { user: ada.user.id })).toBe(25);
    });
  });

  describe('personal access tokens', () => {
    it('lists, refuses a duplicate name, and revokes only your own tokens', async () => {
      const ada = await signUp(api);
      const bob = await signUp(api);
      const created = await json(
        await post('/tokens', { name: 'Grafana', scopes: ['read'], expiresInDays: 7 }, ada.headers),
      );
      expect(created).toMatchObject({ name: 'Grafana', scopes: ['read'], lastUsedAt: null, expired: false });
      expect(new Date(created.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      expect((await post('/tokens', { name: 'grafana', scopes: ['read'] }, ada.headers)).status).toBe(409);

      const list = await json(await api.request('/api/v1/tokens', { headers: ada.headers }));
      expect(list.items.map((t: { name: string }) => t.name)).toEqual(['Grafana']);
      expect(list.items[0]).not.toHaveProperty('token');

      expect(
        (await api.request(`/api/v1/tokens/${created.id}`, { method: 'DELETE', headers: bob.headers })).status,
      ).toBe(404);
      expect((await api.request('/api/v1/me', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(
        200,
      );
      expect(
        (await api.request(`/api/v1/tokens/${created.id}`, { method: 'DELETE', headers: ada.headers })).status,
      ).toBe(204);
      expect(
        (await api.request(`/api/v1/tokens/${created.id}`, { method: 'DELETE', headers: ada.headers })).status,
      ).toBe(404);
      expect((await api.request('/api/v1/tokens/abc', { method: 'DELETE', headers: ada.headers })).status).toBe(400);
      expect((await json(await api.request('/api/v1/tokens', { headers: ada.headers }))).items).toEqual([]);
      expect((await api.request('/api/v1/me', { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(
        401,
      );
      // A token is not a session: it cannot sign out.
      const other = await json(await post('/tokens', { name: 'cli', scopes: ['write', 'read'] }, ada.headers));
      expect(other.scopes).toEqual(['read', 'write']);
      expect((await post('/auth/logout', {}, { authorization: `Bearer ${other.token}` })).status).toBe(403);
    });
  });

  describe('profile and settings', () => {
    it('changes the username and time zone, refusing a taken name', async () => {
      const ada = await signUp(api);
      const bob = await signUp(api);
      const patch = (body: unknown) => api.request('/api/v1/me', { method: 'PATCH', headers: ada.headers, json: body });
      expect((await patch({ username: bob.username.toUpperCase() })).status).toBe(409);
      const renamed = uniqueName('renamed');
      const updated = await json(await patch({ username: renamed, timezone: 'america/new_york' }));
      expect(updated).toMatchObject({ username: renamed, timezone: 'America/New_York' });
      expect((await login(api, renamed)).accessToken).toBeTruthy();
      expect((await patch({})).status).toBe(200);
    });

    it('stores notification and report settings', async () => {
      const ada = await signUp(api);
      const put = (path: string, body: unknown) =>
        api.request(`/api/v1/me/${path}`, { method: 'PUT', headers: ada.headers, json: body });
      expect(
        await json(await put('notification-settings', { frequency: 'weekly', time: '07:30', weekday: 1 })),
      ).toEqual({
        frequency: 'weekly',
        time: '07:30',
        weekday: 1,
        eventReminders: true,
      });
      expect(await json(await put('report-settings', { format: 'html' }))).toEqual({ format: 'html' });
      expect(await json(await api.request('/api/v1/me/notification-settings', { headers: ada.headers }))).toEqual({
        frequency: 'weekly',
        time: '07:30',
        weekday: 1,
        eventReminders: true,
      });
      expect(await em().findOneOrFail(ReportSetting, { user: ada.user.id })).toMatchObject({ format: 'html' });
    });

    it('saves settings sent at once for a user who has no settings rows yet (no 409)', async () => {
      // Accounts made outside registration (seeds, older installs) have no settings rows until the first save.
      const user = await createUserVia(api);
      const headers = await signIn(api, user);
      const put = (path: string, body: unknown) =>
        api.request(`/api/v1/me/${path}`, { method: 'PUT', headers, json: body });
      const answers = await Promise.all([
        ...['pdf', 'html', 'off', 'html'].map((format) => put('report-settings', { format })),
        ...[1, 2, 3, 4].map((weekday) => put('notification-settings', { frequency: 'weekly', time: '08:00', weekday })),
      ]);
      expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
      expect(await em().count(ReportSetting, { user: user.id })).toBe(1);
      expect(await em().count(NotificationSetting, { user: user.id })).toBe(1);
      expect(await json(await put('report-settings', { format: 'off' }))).toEqual({ format: 'off' });
    });

    it('deletes the account and every row of it, with the password (and code)', async () => {
      const ada = await signUp(api);
      const bob = await signUp(api);
      const { token } = await json(await post('/tokens', { name: 'script', scopes: ['read'] }, ada.headers));
      const setup = await json(await post('/auth/2fa/setup', { password: ada.password }, ada.headers));
      await post('/auth/2fa/enable', { code: totp(setup.secret, -1) }, ada.headers);
      await post('/auth/forgot-password', { email: ada.email });
      await sink.waitForMail(ada.email, /reset your tally password/i);
      const fork = em();
      const tracker = fork.create(Tracker, { user: ada.user.id, name: 'Running', type: TrackerType.Numerical });
      fork.create(Log, { tracker, value: '5.0000', emotion: Emotion.Happy });
      fork.create(MonthlyStats, {
        user: ada.user.id,
        month: '2026-10',
        totalTrackers: 1,
        trackersCreated: 1,
        totalLogs: 1,
        logsCreated: 1,
        loginCount: 1,
      });
      await fork.flush();

      const remove = (body: unknown) =>
        api.request('/api/v1/me', { method: 'DELETE', headers: ada.headers, json: body });
      expect((await remove({ password: 'wrong password!' })).status).toBe(422);
      const noCode = await remove({ password: ada.password });
      expect(noCode.status).toBe(422);
      expect((await json(noCode)).details).toEqual([{ field: 'code', message: 'code is required for this account' }]);
      expect(
        (
          await api.request('/api/v1/me', {
            method: 'DELETE',
            headers: { authorization: `Bearer ${token}` },
            json: { password: ada.password },
          })
        ).status,
      ).toBe(403);
      const deleted = await remove({ password: ada.password, code: totp(setup.secret, 0) });
      expect(deleted.status).toBe(204);

      const where = { user: ada.user.id };
      const remaining = {
        users: await em().count(User, { id: ada.user.id }),
        sessions: await em().count(Session, where),
        apiTokens: await em().count(ApiToken, where),
        oneTimeTokens: await em().count(OneTimeToken, where),
        recoveryCodes: await em().count(RecoveryCode, where),
        loginEvents: await em().count(LoginEvent, where),
        notificationSettings: await em().count(NotificationSetting, where),
        reportSettings: await em().count(ReportSetting, where),
        trackers: await em().count(Tracker, where),
        logs: await em().count(Log, { tracker: { user: ada.user.id } }),
        monthlyStats: await em().count(MonthlyStats, where),
      };
      expect(Object.values(remaining).every((n) => n === 0)).toBe(true);
      expect((await api.request('/api/v1/me', { headers: ada.headers })).status).toBe(401);
      expect((await api.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      expect((await post('/auth/login', { login: ada.email, password: ada.password })).status).toBe(401);
      // Nobody else is touched.
      expect((await api.request('/api/v1/me', { headers: bob.headers })).status).toBe(200);
    });
  });
});
