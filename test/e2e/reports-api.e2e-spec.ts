import { getQueueToken } from '@nestjs/bull';
import { ReportAssembler } from '@tally/reports';
import type { Queue } from 'bull';
import { DateTime } from 'luxon';
import { execFileSync } from 'node:child_process';
import { SignedUpUser, signUp } from '../support/auth';
import { MailStack, startMailStack } from '../support/mail-stack';
import { json } from '../support/test-app';

const ZONE = 'Europe/Berlin';
/** How the report mail's subject names a month: "November 2026". */
const monthTitle = (month: string) => DateTime.fromFormat(month, 'yyyy-MM', { locale: 'en' }).toFormat('LLLL yyyy');

/**
 * The report API on the real stack: an api, a worker rendering PDFs in Chromium, MariaDB, Redis
 * and an SMTP sink. A user in Berlin logs in the previous month and this one; the months, the
 * document, the page, the PDF (through its job) and "send now" are read back over HTTP.
 */
describe('reports API', () => {
  let stack: MailStack;
  let ada: SignedUpUser;
  let trackerId: number;
  const now = DateTime.now().setZone(ZONE);
  const thisMonth = now.toFormat('yyyy-MM');
  const lastMonth = now.minus({ months: 1 }).toFormat('yyyy-MM');
  const nextMonth = now.plus({ months: 1 }).toFormat('yyyy-MM');
  /** Noon on day `day` of last month, Berlin time. */
  const lastMonthDay = (day: number) => now.minus({ months: 1 }).set({ day, hour: 12, minute: 0 }).toISO()!;

  const get = (path: string, user = ada) => stack.api.request(`/api/v1${path}`, { headers: user.headers });
  const log = async (value: number, loggedAt: string, user = ada, tracker = trackerId) => {
    const res = await stack.api.request(`/api/v1/trackers/${tracker}/logs`, {
      method: 'POST',
      headers: user.headers,
      json: { value, loggedAt },
    });
    expect(res.status).toBe(201);
  };
  const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();

  beforeAll(async () => {
    stack = await startMailStack();
    ada = await signUp(stack.api, { timezone: ZONE });
    const tracker = await json(
      await stack.api.request('/api/v1/trackers', {
        method: 'POST',
        headers: ada.headers,
        json: { name: 'Kilometres run', type: 'numerical', unit: 'km' },
      }),
    );
    trackerId = tracker.id;
    await log(5.5, lastMonthDay(3));
    await log(7.25, lastMonthDay(4));
    await log(10, lastMonthDay(20));
    await log(3, now.toISO()!);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists the months with logs, newest first, with their figures', async () => {
    const res = await get('/reports');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({
      items: [
        expect.objectContaining({ month: thisMonth, totalLogs: 1, activeDays: 1, complete: false, totalTrackers: 1 }),
        expect.objectContaining({ month: lastMonth, totalLogs: 3, activeDays: 3, complete: true }),
      ],
      nextCursor: null,
    });
    // The tracker was created this month: at the end of last month there was none yet.
    expect(body.items[1]).toEqual({
      month: lastMonth,
      totalLogs: 3,
      totalTrackers: 0,
      activeDays: 3,
      complete: true,
      sentAt: null,
      format: null,
    });
    // Paginated like the other lists.
    const first = await json(await get('/reports?limit=1'));
    expect(first.items.map((m: { month: string }) => m.month)).toEqual([thisMonth]);
    const second = await json(await get(`/reports?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`));
    expect(second.items.map((m: { month: string }) => m.month)).toEqual([lastMonth]);
    expect((await get('/reports?limit=0')).status).toBe(400);
  });

  it('answers a month’s report as JSON, against the month before', async () => {
    const res = await get(`/reports/${lastMonth}`);
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc).toMatchObject({
      month: lastMonth,
      previousMonth: now.minus({ months: 2 }).toFormat('yyyy-MM'),
      user: { username: ada.username, timezone: ZONE },
      days: now.minus({ months: 1 }).daysInMonth,
      summary: {
        totalLogs: 3,
        activeDays: 3,
        longestStreak: 2,
        mostUsedTracker: { name: 'Kilometres run', logCount: 3 },
      },
    });
    expect(doc.trackers).toEqual([
      expect.objectContaining({ name: 'Kilometres run', unit: 'km', logCount: 3, total: '22.75', previousLogCount: 0 }),
    ]);
    expect(doc.logsPerDay[2]).toBe(1);
    expect(doc.logsPerDay[19]).toBe(1);
  });

  it('is 404 for a month without data and 400 for a malformed or future month', async () => {
    const missing = await get('/reports/2020-01');
    expect(missing.status).toBe(404);
    expect((await json(missing)).message).toMatch(/no logs in 2020-01/);
    for (const month of ['2026-13', 'abc', '2026-1', nextMonth]) {
      for (const path of [`/reports/${month}`, `/reports/${month}/html`, `/reports/${month}/pdf`]) {
        const res = await get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect((await json(res)).message).toMatch(month === nextMonth ? /future/ : /YYYY-MM/);
      }
    }
  });

  it('serves the page as HTML without any script, under a CSP that allows none', async () => {
    const res = await get(`/reports/${lastMonth}/html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    );
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Kilometres run');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
  });

  it('renders the PDF in the worker: 202 with a job (one for many clicks), then the PDF with the figures', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(`/reports/${lastMonth}/pdf`)));
    const jobs = await Promise.all(answers.map((res) => json(res)));
    for (const res of answers) expect(res.status).toBe(202);
    const ids = new Set(jobs.map((job) => job.id));
    expect(ids.size).toBe(1);
    const id = [...ids][0]!;
    expect(answers[0]!.headers.get('location')).toBe(`/api/v1/jobs/${id}`);
    expect(jobs[0]).toMatchObject({ id, kind: 'report-pdf', resultUrl: null, error: null });
    expect(['queued', 'running', 'done']).toContain(jobs[0].state);
    // Ten clicks, one render.
    const queue = stack.api.app.get<Queue>(getQueueToken('reports'), { strict: false });
    const all = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
    const mine = all.filter((job) => job.data.userId === ada.user.id && job.data.month === lastMonth);
    expect(mine).toHaveLength(1);
    // Ids only in the job (Bull Board shows job data to admins): the figures wait in Redis.
    expect(Object.keys(mine[0]!.data).sort()).toEqual(['hash', 'month', 'userId']);

    // Another user cannot see it.
    const bob = await signUp(stack.api);
    expect((await get(`/jobs/${id}`, bob)).status).toBe(404);
    expect((await get('/jobs/report-pdf-1-2026-01-00000000000000000000000000000000', bob)).status).toBe(404);
    expect((await get('/jobs/nonsense', bob)).status).toBe(404);

    let job = jobs[0];
    const seen = new Set<string>();
    const deadline = Date.now() + 90_000;
    while (job.state !== 'done' && job.state !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const res = await get(`/jobs/${id}`);
      expect(res.status).toBe(200);
      job = await json(res);
      seen.add(`${job.state}:${job.progress}`);
    }
    expect(job).toEqual({
      id,
      kind: 'report-pdf',
      state: 'done',
      progress: 100,
      resultUrl: `/api/v1/reports/${lastMonth}/pdf`,
      error: null,
    });
    const rendered = Date.now() - started;

    const res = await get(`/reports/${lastMonth}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="tally-report-${lastMonth}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Kilometres run');
    expect(text).toContain('22.75');
    console.log(
      `report PDF: 10 requests → 1 job; rendered and stored in ${rendered} ms (polled states: ${[...seen].join(', ')}); ` +
        `${pdf.length} bytes`,
    );
  });

  it('caches reads per user and shows a new log in the next read', async () => {
    const assembler = stack.api.app.get(ReportAssembler);
    const spy = jest.spyOn(assembler, 'document');
    try {
      const first = await json(await get(`/reports/${lastMonth}`));
      expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
      spy.mockClear();
      const second = await json(await get(`/reports/${lastMonth}`));
      const third = await json(await get(`/reports/${lastMonth}`));
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      // Served from the cache: the report was not computed again.
      expect(spy).not.toHaveBeenCalled();

      await log(2, lastMonthDay(21));
      let at = performance.now();
      const after = await json(await get(`/reports/${lastMonth}`));
      const missMs = performance.now() - at;
      expect(spy).toHaveBeenCalledTimes(1);
      expect(after.summary.totalLogs).toBe(4);
      expect(after.summary.longestStreak).toBe(2);
      expect(after.trackers[0].total).toBe('24.75');
      at = performance.now();
      for (let i = 0; i < 20; i++) expect((await get(`/reports/${lastMonth}`)).status).toBe(200);
      const hitMs = (performance.now() - at) / 20;
      expect(spy).toHaveBeenCalledTimes(1);
      console.log(
        `report JSON: computed after a new log in ${missMs.toFixed(1)} ms, then from the cache in ${hitMs.toFixed(1)} ms ` +
          'per read (20 reads, one at a time)',
      );
      // New figures, new PDF: the stored one is not served for them.
      expect((await get(`/reports/${lastMonth}/pdf`)).status).toBe(202);
      const months = await json(await get('/reports'));
      expect(months.items[1]).toMatchObject({ month: lastMonth, totalLogs: 4 });
    } finally {
      spy.mockRestore();
    }
  });

  let sendJob: { id: string };

  it('queues "send now" for a confirmed address, at most once a minute per month', async () => {
    const res = await stack.api.request(`/api/v1/reports/${lastMonth}/send`, {
      method: 'POST',
      headers: ada.headers,
      json: { format: 'pdf' },
    });
    expect(res.status).toBe(202);
    sendJob = await json(res);
    expect(sendJob).toMatchObject({ kind: 'report-mail', progress: 0, resultUrl: null, error: null });
    expect(res.headers.get('location')).toBe(`/api/v1/jobs/${sendJob.id}`);
    expect((await get(`/jobs/${sendJob.id}`)).status).toBe(200);

    // Again at once (still on its way, or within the minute): 429 with Retry-After. Without a body: the saved format.
    const again = await stack.api.request(`/api/v1/reports/${lastMonth}/send`, {
      method: 'POST',
      headers: ada.headers,
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user's id for the job: 404.
    const carl = await signUp(stack.api, { confirmed: false, timezone: ZONE });
    expect((await get(`/jobs/${sendJob.id}`, carl)).status).toBe(404);
    // An unconfirmed address: 409 that says what to do. A bad format: 400. A month without data: 404.
    const tracker = await json(
      await stack.api.request('/api/v1/trackers', {
        method: 'POST',
        headers: carl.headers,
        json: { name: 'Steps', type: 'numerical' },
      }),
    );
    await log(1000, now.toISO()!, carl, tracker.id);
    const send = (user: SignedUpUser, month: string, body?: unknown) =>
      stack.api.request(`/api/v1/reports/${month}/send`, {
        method: 'POST',
        headers: user.headers,
        ...(body === undefined ? {} : { json: body }),
      });
    const unconfirmed = await send(carl, thisMonth);
    expect(unconfirmed.status).toBe(409);
    expect((await json(unconfirmed)).message).toMatch(/Confirm your email address first/);
    expect((await send(carl, thisMonth, { format: 'docx' })).status).toBe(400);
    expect((await send(ada, '2020-01')).status).toBe(404);
    expect((await send(ada, nextMonth)).status).toBe(400);
  });

  it('mails the report: the job is done when the SMTP server has it', async () => {
    const mail = await stack.sink.waitForMail(
      ada.email,
      new RegExp(`Tally report for ${monthTitle(lastMonth)}`),
      90_000,
    );
    const attachment = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(attachment).toBeDefined();
    expect(pdfText(attachment!.content)).toContain('Kilometres run');
    let job = await json(await get(`/jobs/${sendJob.id}`));
    for (let i = 0; i < 50 && job.state !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = await json(await get(`/jobs/${sendJob.id}`));
    }
    expect(job).toEqual({
      id: sendJob.id,
      kind: 'report-mail',
      state: 'done',
      progress: 100,
      resultUrl: null,
      error: null,
    });
    // The months list says when and how it went.
    const months = await json(await get('/reports'));
    expect(months.items.find((m: { month: string }) => m.month === lastMonth)).toMatchObject({ format: 'pdf' });
    expect(months.items.find((m: { month: string }) => m.month === lastMonth).sentAt).not.toBeNull();
  });

  it('sends the format asked for, even with the monthly report turned off', async () => {
    const off = await stack.api.request('/api/v1/me/report-settings', {
      method: 'PUT',
      headers: ada.headers,
      json: { format: 'off' },
    });
    expect(off.status).toBe(200);
    const res = await stack.api.request(`/api/v1/reports/${thisMonth}/send`, {
      method: 'POST',
      headers: ada.headers,
      json: { format: 'html' },
    });
    expect(res.status).toBe(202);
    const mail = await stack.sink.waitForMail(
      ada.email,
      new RegExp(`Tally report for ${monthTitle(thisMonth)}`),
      90_000,
    );
    expect(mail.html).toContain('Kilometres run');
    expect(mail.parsed.attachments.every((a) => a.contentType === 'image/png')).toBe(true);
  });
});
