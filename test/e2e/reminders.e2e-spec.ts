import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { User } from '@tally/auth';
import { NotificationSetting, ReminderFrequency } from '@tally/notifications';
import { ReminderSchedule } from '../../apps/worker/src/schedules/reminder.schedule';
import { signUp, uniqueName } from '../support/auth';
import { SmtpSink } from '../support/smtp-sink';
import { json, RunningApp, startApi, startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

type Worker = Awaited<ReturnType<typeof startWorker>>;

/**
 * Daily, weekly and event reminders on the real stack: an api, two workers racing on the same
 * MariaDB and Redis, mail into an SMTP sink. The schedules run on a clock the test sets (each
 * worker's `tick(now)`), so who gets what, and when, is checked across time zones and both DST
 * changes of 2026 in Europe/Berlin (29 March: 02:00 → 03:00; 25 October: 03:00 → 02:00).
 */
describe('reminders, with two workers', () => {
  let sink: SmtpSink;
  let api: RunningApp;
  let workers: Worker[];
  let em: () => EntityManager;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const config = testConfig({ SMTP_URL: sink.url });
    api = await startApi(config);
    workers = [await startWorker(config), await startWorker(config)];
    const orm = workers[0]!.app.get(MikroORM);
    em = () => orm.em.fork() as EntityManager;
  });
  afterAll(async () => {
    for (const worker of workers ?? []) await worker.close();
    await api?.close();
    await sink?.close();
  });

  /** Both workers tick at the same instant, twice: a double tick across two processes. */
  async function tick(at: string): Promise<void> {
    const now = new Date(at);
    for (let round = 0; round < 2; round++) {
      await Promise.all(workers.map((worker) => worker.app.get(ReminderSchedule).tick(now)));
    }
  }

  async function person(
    timezone: string,
    settings: Partial<Pick<NotificationSetting, 'frequency' | 'time' | 'weekday'>>,
    confirmed = true,
  ): Promise<{ id: number; email: string }> {
    const fork = em();
    const name = uniqueName('rem');
    const user = fork.create(User, {
      username: name,
      email: `${name.toLowerCase()}@example.test`,
      password: 'x',
      timezone,
      confirmedAt: confirmed ? new Date('2026-01-01T00:00:00Z') : null,
    });
    fork.create(NotificationSetting, { user, ...settings });
    await fork.flush();
    return { id: user.id, email: user.email };
  }

  /** The outbox rows decided for a user: key → the (test clock) instant it was decided. */
  async function decided(userId: number): Promise<Record<string, string>> {
    const rows = await em().execute<Array<{ key: string; created_at: string }>>(
      'SELECT `key`, created_at FROM mail_outbox WHERE user_id = ? ORDER BY id',
      [userId],
    );
    return Object.fromEntries(
      rows.map((row) => [row.key.replace(`:${userId}:`, ':'), `${row.created_at.slice(0, 16).replace(' ', 'T')}Z`]),
    );
  }

  it('sends daily and weekly reminders at each user’s local time, once, across time zones and DST', async () => {
    const berlin = await person('Europe/Berlin', { frequency: ReminderFrequency.Daily, time: '20:00' });
    const night = await person('Europe/Berlin', { frequency: ReminderFrequency.Daily, time: '02:30' });
    const newYork = await person('America/New_York', { frequency: ReminderFrequency.Daily, time: '07:30' });
    // Saturday 28 March 2026 in Kolkata (UTC+05:30): weekday 6.
    const weekly = await person('Asia/Kolkata', { frequency: ReminderFrequency.Weekly, time: '21:15', weekday: 6 });
    const otherDay = await person('Asia/Kolkata', { frequency: ReminderFrequency.Weekly, time: '21:15', weekday: 2 });
    const off = await person('Europe/Berlin', { frequency: ReminderFrequency.Off, time: '20:00' });
    const unconfirmed = await person('Europe/Berlin', { frequency: ReminderFrequency.Daily, time: '20:00' }, false);
    // Someone who logged that evening gets no reminder for that day.
    const logged = await signUp(api, { timezone: 'Europe/Berlin' });
    const tracker = await json(
      await api.request('/api/v1/trackers', {
        method: 'POST',
        headers: logged.headers,
        json: { name: 'Sleep', type: 'numerical', unit: 'h' },
      }),
    );
    const log = await api.request(`/api/v1/trackers/${tracker.id}/logs`, {
      method: 'POST',
      headers: logged.headers,
      json: { value: 7.5, loggedAt: '2026-03-28T08:00:00+01:00' },
    });
    expect(log.status).toBe(201);

    // Saturday 28 March (CET, UTC+1) and Sunday 29 March (CEST, UTC+2) at 20:00 local, with the
    // ticks a minute before and after; 02:30 on the 29th does not exist (02:00 → 03:00).
    for (const at of [
      '2026-03-28T11:29:00Z', // 07:29 in New York (EDT, UTC-4): not yet
      '2026-03-28T11:30:00Z', // 07:30 in New York
      '2026-03-28T15:44:00Z', // 21:14 in Kolkata: not yet
      '2026-03-28T15:45:00Z', // 21:15 in Kolkata, a Saturday
      '2026-03-28T18:59:00Z', // 19:59 in Berlin: not yet
      '2026-03-28T19:00:00Z', // 20:00 CET
      '2026-03-28T19:01:00Z',
      '2026-03-29T00:59:00Z', // 01:59 CET, the last minute before the jump
      '2026-03-29T01:00:00Z', // 03:00 CEST: 02:30 never happened, so it is sent now
      '2026-03-29T01:30:00Z',
      '2026-03-29T17:59:00Z', // 19:59 CEST
      '2026-03-29T18:00:00Z', // 20:00 CEST
      '2026-10-25T00:30:00Z', // 02:30 CEST, the first time
      '2026-10-25T01:30:00Z', // 02:30 CET, the second time: already sent for that day
    ]) {
      await tick(at);
    }

    expect(await decided(berlin.id)).toEqual({
      'reminder:daily:2026-03-28': '2026-03-28T19:00Z',
      'reminder:daily:2026-03-29': '2026-03-29T18:00Z',
    });
    expect(await decided(night.id)).toEqual({
      'reminder:daily:2026-03-29': '2026-03-29T01:00Z',
      'reminder:daily:2026-10-25': '2026-10-25T00:30Z',
    });
    expect(await decided(newYork.id)).toEqual({ 'reminder:daily:2026-03-28': '2026-03-28T11:30Z' });
    expect(await decided(weekly.id)).toEqual({ 'reminder:weekly:2026-03-28': '2026-03-28T15:45Z' });
    for (const nobody of [otherDay, off, unconfirmed]) expect(await decided(nobody.id)).toEqual({});
    // Logged on the 28th: reminded on the 29th only.
    expect(await decided(logged.user.id)).toEqual({ 'reminder:daily:2026-03-29': '2026-03-29T18:00Z' });

    // Each decided reminder arrives once, as mail.
    await sink.waitFor(() => sink.to(night.email).length === 2 && sink.to(berlin.email).length === 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // room for a duplicate to show up
    const counts = Object.fromEntries(
      Object.entries({ berlin, night, newYork, weekly, otherDay, off, unconfirmed }).map(([name, who]) => [
        name,
        sink.to(who.email).length,
      ]),
    );
    expect(counts).toEqual({ berlin: 2, night: 2, newYork: 1, weekly: 1, otherDay: 0, off: 0, unconfirmed: 0 });
    console.log(`daily/weekly reminders over 14 double ticks by 2 workers: ${JSON.stringify(counts)}`);

    const mail = sink.to(weekly.email)[0]!;
    expect(mail.subject).toMatch(/nothing logged this week yet/i);
    const header = (name: string) => mail.parsed.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe:\s+<http:\/\/.+\/api\/v1\/unsubscribe\/.+>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.text).toContain('/settings#notifications');
    expect(mail.html).toContain('unsubscribe from these emails');

    // One click (RFC 8058): the mail client posts the form to the List-Unsubscribe address, no sign-in.
    const link = /<(http[^>]+)>/.exec(header('list-unsubscribe'))![1]!.replace(/^http:\/\/[^/]+/, '');
    const oneClick = await api.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await json(oneClick)).toEqual({
      kind: 'reminders',
      message: 'You will no longer receive daily or weekly reminders. You can turn them on again in the settings.',
    });
    const setting = await em().findOneOrFail(NotificationSetting, { user: weekly.id });
    expect(setting.frequency).toBe('off');
    expect(setting.eventReminders).toBe(true); // only that kind of mail
    // A forged or altered link changes nothing.
    const forged = await api.request(link.replace(/\.([^.]+)$/, '.AAAAAAAAAAAAAAAAAAAAAA'), { method: 'POST' });
    expect(forged.status).toBe(400);
    const otherUser = await api.request(link.replace(/unsubscribe\/\d+\./, `unsubscribe/${berlin.id}.`), {
      method: 'POST',
    });
    expect(otherUser.status).toBe(400);
    expect((await em().findOneOrFail(NotificationSetting, { user: berlin.id })).frequency).toBe('daily');
  });

  it('emails a log’s reminder at its time; editing moves it, deleting cancels it', async () => {
    const ada = await signUp(api);
    const tracker = await json(
      await api.request('/api/v1/trackers', {
        method: 'POST',
        headers: ada.headers,
        json: { name: 'Plants', type: 'note' },
      }),
    );
    const at = (seconds: number) => new Date(Date.now() + seconds * 1_000).toISOString();
    const create = async (message: string, seconds: number) =>
      json(
        await api.request(`/api/v1/trackers/${tracker.id}/logs`, {
          method: 'POST',
          headers: ada.headers,
          json: { description: 'Watered them', reminderMessage: message, reminderAt: at(seconds) },
        }),
      );
    const kept = await create('Water the <b>ferns</b>', 3);
    const moved = await create('Repot the basil', 3);
    const deleted = await create('Buy soil', 3);
    const movedTo = at(6);
    const patch = await api.request(`/api/v1/trackers/${tracker.id}/logs/${moved.id}`, {
      method: 'PATCH',
      headers: ada.headers,
      json: { reminderAt: movedTo },
    });
    expect(patch.status).toBe(200);
    const removal = await api.request(`/api/v1/trackers/${tracker.id}/logs/${deleted.id}`, {
      method: 'DELETE',
      headers: ada.headers,
    });
    expect(removal.status).toBe(204);

    const first = await sink.waitForMail(ada.email, /water the <b>ferns<\/b>/i, 20_000);
    const second = await sink.waitForMail(ada.email, /repot the basil/i, 20_000);
    const late = (mail: typeof first, due: string) => mail.parsed.date!.getTime() - new Date(due).getTime();
    expect(late(second, movedTo)).toBeGreaterThan(-1_500); // sent for the new time, not the old one
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      sink
        .to(ada.email)
        .map((m) => m.subject)
        .filter((subject) => subject.startsWith('Reminder')),
    ).toEqual(['Reminder: Water the <b>ferns</b>', 'Reminder: Repot the basil']);
    // The user's text is escaped in the HTML part.
    expect(first.html).toContain('Water the &lt;b&gt;ferns&lt;/b&gt;');
    // Its one-click link turns off reminders on logs, and nothing else.
    const unsubscribe = /<http:\/\/[^/]+([^>]+)>/.exec(
      first.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line,
    )![1]!;
    expect(unsubscribe).toContain('.event-reminders.');
    expect((await api.request(unsubscribe, { method: 'POST' })).status).toBe(200);
    const settings = await json(await api.request('/api/v1/me/notification-settings', { headers: ada.headers }));
    expect(settings).toMatchObject({ frequency: 'daily', eventReminders: false });
    const logs = await json(await api.request(`/api/v1/trackers/${tracker.id}/logs`, { headers: ada.headers }));
    const sent = Object.fromEntries(
      logs.items.map((l: { id: number; reminderSentAt: string | null }) => [l.id, l.reminderSentAt]),
    );
    expect(sent[kept.id]).not.toBeNull();
    expect(sent[moved.id]).not.toBeNull();
    console.log(
      `event reminders: sent ${late(first, kept.reminderAt)} ms and ${late(second, movedTo)} ms after their time; the deleted one not at all`,
    );
  });
});
