import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { User } from '@tally/auth';
import { MonthlyStats, ReportFormat, ReportSetting } from '@tally/reports';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportSchedule } from '../../apps/worker/src/schedules/report.schedule';
import { uniqueName } from '../support/auth';
import { eventually } from '../support/processes';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { json, RunningApp, startApi, startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

type Worker = Awaited<ReturnType<typeof startWorker>>;

const isReport = (mail: ReceivedMail) => /^Your Tally report for /.test(mail.subject);

/**
 * Monthly reports on the real stack: an api, three workers racing on the same MariaDB and Redis,
 * mail into an SMTP sink, PDFs printed by Chromium. The schedule runs on a clock the test sets
 * (each worker's `tick(now)`): the 1st at 20:00 in each user's zone, across time zones and the end
 * of summer time in New York (1 November 2026, the very day of a report).
 */
describe('monthly reports, with three workers', () => {
  let sink: SmtpSink;
  let api: RunningApp;
  let workers: Worker[];
  let em: () => EntityManager;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const config = testConfig({ SMTP_URL: sink.url, PDF_CONCURRENCY: '1' });
    api = await startApi(config);
    workers = [await startWorker(config), await startWorker(config), await startWorker(config)];
    const orm = workers[0]!.app.get(MikroORM);
    em = () => orm.em.fork() as EntityManager;
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers ?? []) await worker.close();
    await api?.close();
    await sink?.close();
  });

  /** Every worker ticks at the same instant, twice: the scheduler fires twice across three workers. */
  async function tick(at: string): Promise<void> {
    const now = new Date(at);
    for (let round = 0; round < 2; round++) {
      await Promise.all(workers.map((worker) => worker.app.get(ReportSchedule).tick(now)));
    }
  }

  interface PersonOptions {
    timezone: string;
    format: ReportFormat;
    confirmed?: boolean;
    username?: string;
    /** Logs to write: [tracker, ISO time, value or note, emotion?]. */
    logs: Array<[string, string, number | string, string?]>;
  }

  /** A user with trackers and logs straight in the database (the report reads them as they are). */
  async function person(options: PersonOptions): Promise<{ id: number; email: string }> {
    const fork = em();
    const name = options.username ?? uniqueName('rep');
    const user = fork.create(User, {
      username: name,
      email: `${uniqueName('m').toLowerCase()}@example.test`,
      password: 'x',
      timezone: options.timezone,
      confirmedAt: options.confirmed === false ? null : new Date('2026-01-01T00:00:00Z'),
    });
    fork.create(ReportSetting, { user, format: options.format });
    await fork.flush();
    await fork.execute('UPDATE users SET created_at = ? WHERE id = ?', [new Date('2026-01-01T00:00:00Z'), user.id]);
    const trackers = new Map<string, number>();
    for (const [tracker, at, value, emotion] of options.logs) {
      const note = typeof value === 'string';
      if (!trackers.has(tracker)) {
        const result = await fork.execute<{ insertId: number }>(
          `INSERT INTO trackers (created_at, updated_at, user_id, name, type, unit) VALUES (?, ?, ?, ?, ?, ?)`,
          [
            new Date('2026-01-02T00:00:00Z'),
            new Date(),
            user.id,
            tracker,
            note ? 'note' : 'numerical',
            note ? null : 'km',
          ],
          'run',
        );
        trackers.set(tracker, result.insertId);
      }
      await fork.execute(
        `INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value, description, emotion) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          new Date(at),
          new Date(at),
          trackers.get(tracker),
          new Date(at),
          note ? null : value,
          note ? value : null,
          emotion ?? null,
        ],
        'run',
      );
    }
    return { id: user.id, email: user.email };
  }

  const logsIn = (...months: string[]) =>
    months.flatMap((month): Array<[string, string, number]> => [
      ['Running', `${month}-10T12:00:00Z`, 5],
      ['Running', `${month}-11T12:00:00Z`, 7.5],
    ]);

  it('R2: sends exactly one report per user per month, however often three workers tick', async () => {
    const berlinPdf = await person({
      timezone: 'Europe/Berlin',
      format: ReportFormat.Pdf,
      logs: logsIn('2026-10', '2026-11'),
    });
    const berlinHtml = await person({
      timezone: 'Europe/Berlin',
      format: ReportFormat.Html,
      logs: logsIn('2026-10', '2026-11'),
    });
    const newYork = await person({
      timezone: 'America/New_York',
      format: ReportFormat.Html,
      logs: logsIn('2026-10', '2026-11'),
    });
    const kolkata = await person({ timezone: 'Asia/Kolkata', format: ReportFormat.Html, logs: logsIn('2026-10') });
    const off = await person({
      timezone: 'Europe/Berlin',
      format: ReportFormat.Off,
      logs: logsIn('2026-10', '2026-11'),
    });
    const unconfirmed = await person({
      timezone: 'Europe/Berlin',
      format: ReportFormat.Html,
      confirmed: false,
      logs: logsIn('2026-10', '2026-11'),
    });
    const quiet = await person({ timezone: 'Europe/Berlin', format: ReportFormat.Html, logs: [] });

    for (const at of [
      '2026-11-01T14:29:00Z', // 19:59 in Kolkata (UTC+05:30): not yet
      '2026-11-01T14:30:00Z', // 20:00 in Kolkata
      '2026-11-01T18:59:00Z', // 19:59 in Berlin (CET): not yet
      '2026-11-01T19:00:00Z', // 20:00 in Berlin
      '2026-11-01T19:30:00Z', // within the catch-up hour: already decided
      '2026-11-02T00:59:00Z', // 19:59 in New York, which left summer time this morning
      '2026-11-02T01:00:00Z', // 20:00 EST
      '2026-12-01T14:30:00Z',
      '2026-12-01T19:00:00Z',
      '2026-12-02T01:00:00Z',
      '2026-12-02T19:00:00Z', // the 2nd: nothing
    ]) {
      await tick(at);
    }

    const keys = async (userId: number) =>
      (
        await em().execute<Array<{ key: string; created_at: string }>>(
          'SELECT `key`, created_at FROM mail_outbox WHERE user_id = ? ORDER BY id',
          [userId],
        )
      ).map((row) => `${row.key.replace(`:${userId}:`, ':')} @ ${row.created_at.slice(0, 16).replace(' ', 'T')}Z`);
    expect(await keys(berlinPdf.id)).toEqual([
      'report:2026-10 @ 2026-11-01T19:00Z',
      'report:2026-11 @ 2026-12-01T19:00Z',
    ]);
    expect(await keys(newYork.id)).toEqual([
      'report:2026-10 @ 2026-11-02T01:00Z',
      'report:2026-11 @ 2026-12-02T01:00Z',
    ]);
    expect(await keys(kolkata.id)).toEqual(['report:2026-10 @ 2026-11-01T14:30Z']); // no logs in November
    for (const nobody of [off, unconfirmed, quiet]) expect(await keys(nobody.id)).toEqual([]);

    const people = { berlinPdf, berlinHtml, newYork, kolkata, off, unconfirmed, quiet };
    const expected = { berlinPdf: 2, berlinHtml: 2, newYork: 2, kolkata: 1, off: 0, unconfirmed: 0, quiet: 0 };
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    const reports = () =>
      sink.messages.filter(isReport).filter((m) => Object.values(people).some((p) => m.to.includes(p.email)));
    expect(await eventually(() => reports().length >= total, 90_000, 250)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // room for a duplicate to show up
    const counts = Object.fromEntries(
      Object.entries(people).map(([name, who]) => [name, sink.to(who.email).filter(isReport).length]),
    );
    console.log(`R2: reports per user over 11 instants × 2 rounds × 3 workers, 2 months: ${JSON.stringify(counts)}`);
    expect(counts).toEqual(expected);
    const subjects = sink
      .to(berlinPdf.email)
      .filter(isReport)
      .map((m) => m.subject);
    expect(subjects).toEqual(['Your Tally report for October 2026', 'Your Tally report for November 2026']);

    // The months' history records when and how each report went out.
    const stats = await em().find(MonthlyStats, { user: berlinPdf.id }, { orderBy: { month: 'asc' } });
    expect(stats.map((s) => [s.month, s.totalLogs, s.format, s.sentAt !== null])).toEqual([
      ['2026-10', 2, 'pdf', true],
      ['2026-11', 2, 'pdf', true],
    ]);
    const offStats = await em().find(MonthlyStats, { user: off.id });
    expect(offStats.map((s) => [s.month, s.sentAt])).toEqual([
      ['2026-10', null],
      ['2026-11', null],
    ]); // computed (history), never mailed
  }, 240_000);

  it('mails the report as a PDF attachment or as the HTML body with inline charts, escaped, with one-click unsubscribe', async () => {
    const logs: PersonOptions['logs'] = [
      ['Running <b>fast</b>', '2026-11-03T07:00:00Z', 5.25, 'happy'],
      ['Running <b>fast</b>', '2026-11-04T07:00:00Z', 10, 'happy'],
      ['Running <b>fast</b>', '2026-11-05T07:00:00Z', 7.5, 'tired'],
      ['Journal', '2026-11-20T20:00:00Z', 'Felt great <script>alert(1)</script> & slept well', 'calm'],
      ['Running <b>fast</b>', '2026-10-15T07:00:00Z', 3],
    ];
    const pdfUser = await person({
      timezone: 'Europe/Berlin',
      format: ReportFormat.Pdf,
      username: uniqueName('Zoë'),
      logs,
    });
    const htmlUser = await person({ timezone: 'Europe/Berlin', format: ReportFormat.Html, logs });
    await tick('2026-12-01T19:00:00Z');
    const [pdfMail, htmlMail] = await Promise.all([
      sink.waitForMail(pdfUser.email, /report for November 2026/, 90_000),
      sink.waitForMail(htmlUser.email, /report for November 2026/, 90_000),
    ]);

    // PDF: a short mail, the report attached; its text holds the month's figures.
    const attachment = pdfMail.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(attachment.filename).toBe('tally-report-2026-11.pdf');
    const dir = mkdtempSync(join(tmpdir(), 'tally-report-'));
    let text: string;
    try {
      writeFileSync(join(dir, 'report.pdf'), attachment.content);
      text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`PDF report (${attachment.content.length} bytes), its text:\n${text.slice(0, 1500)}`);
    expect(text).toMatch(/November 2026/);
    expect(text).toContain('22.75'); // 5.25 + 10 + 7.5 km
    expect(text).toContain('Running <b>fast</b>'); // the name as written, not markup
    expect(text).toContain('Felt great <script>alert(1)</script> & slept well');
    expect(pdfMail.text).toMatch(/Logs: 4 \(October: 1\)/);
    expect(pdfMail.html).toContain('Running &lt;b&gt;fast&lt;/b&gt; (3 logs)');

    // HTML: the report is the body; every chart is an inline PNG attachment with a cid. The sink's
    // parser (mailparser) swaps each `cid:` reference it can resolve for the attachment's bytes, so
    // a chart whose reference resolves shows up as its own PNG inline, and none stays a bare `cid:`.
    const images = htmlMail.parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) {
      expect(image.cid).toMatch(/@report\.tally$/);
      expect(image.content.subarray(1, 4).toString()).toBe('PNG');
      expect(htmlMail.html).toContain(`data:image/png;base64,${image.content.toString('base64')}`);
    }
    expect(htmlMail.html).not.toMatch(/src="cid:/);
    const cids = images.map((image) => image.cid);
    expect(htmlMail.parsed.attachments.some((a) => a.contentType === 'application/pdf')).toBe(false);
    expect(htmlMail.html).toContain('Running &lt;b&gt;fast&lt;/b&gt;');
    expect(htmlMail.html).not.toContain('<script>alert(1)</script>');
    expect(htmlMail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(htmlMail.text).toContain('Felt great <script>alert(1)</script> & slept well');
    console.log(
      `HTML report: ${htmlMail.html.length} characters, ${images.length} inline PNG chart(s): ${cids.join(', ')}`,
    );

    // Both: the settings link and one-click unsubscribe of kind `reports`.
    for (const mail of [pdfMail, htmlMail]) {
      expect(mail.html).toContain('/settings/notifications');
      expect(mail.text).toContain('/settings/notifications');
      const header = (name: string) => mail.parsed.headerLines.find((h) => h.key === name)?.line ?? '';
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(header('list-unsubscribe')).toMatch(
        /^List-Unsubscribe:\s+<http:\/\/.+\/api\/v1\/unsubscribe\/\d+\.reports\..+>$/,
      );
    }
    const link = /<(http[^>]+)>/
      .exec(htmlMail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line)![1]!
      .replace(/^http:\/\/[^/]+/, '');
    const oneClick = await api.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await json(oneClick)).toEqual({
      kind: 'reports',
      message: 'You will no longer receive monthly reports. You can turn them on again in the settings.',
    });
    expect((await em().findOneOrFail(ReportSetting, { user: htmlUser.id })).format).toBe('off');
    expect((await em().findOneOrFail(ReportSetting, { user: pdfUser.id })).format).toBe('pdf');
  }, 240_000);
});
