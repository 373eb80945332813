import { EntityManager } from '@mikro-orm/mysql';
import { InvalidCursorError, seededRandom } from '@tally/platform';
import { Emotion, LogsModule, LogsService } from '@tally/logs';
import { TrackersModule, TrackersService, TrackerType } from '@tally/trackers';
import { DateTime } from 'luxon';
import { createDomainContext, createUser, DomainContext } from '../../../test/support/domain';
import {
  InvalidReportMonthError,
  MonthlyStats,
  MonthlyStatsService,
  ReportAssembler,
  ReportsModule,
  zoneMonths,
} from './index';

interface PlainLog {
  tracker: 'run' | 'journal';
  at: Date;
  createdAt: Date;
  cents: number | null;
  text: string | null;
  emotion: Emotion | null;
}

const ZONE = 'Europe/Berlin';
/** Berlin leaves summer time on 26 October 2025; both month edges get logs around local midnight. */
const MONTH = '2025-10';
const PREVIOUS = '2025-09';

/** The slow obvious way: every log, Luxon for the local day. */
function expected(logs: PlainLog[], month: string) {
  const days = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE }).daysInMonth!;
  const local = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE });
  const inMonth = logs.filter((l) => local(l.at).toFormat('yyyy-MM') === month);
  const perDay = Array.from({ length: days }, () => 0);
  for (const l of inMonth) perDay[local(l.at).day - 1]!++;
  const streak = (flags: boolean[]) =>
    flags.reduce(([best, run], f) => [Math.max(best, f ? run + 1 : 0), f ? run + 1 : 0], [0, 0])[0];
  const emotions = Object.values(Emotion).map((emotion) => ({
    emotion,
    count: inMonth.filter((l) => l.emotion === emotion).length,
  }));
  const runs = inMonth.filter((l) => l.tracker === 'run');
  const runDays = Array.from({ length: days }, () => false);
  const runDaily = Array.from({ length: days }, () => null as number | null);
  for (const l of runs) {
    const d = local(l.at).day - 1;
    runDays[d] = true;
    runDaily[d] = (runDaily[d] ?? 0) + l.cents!;
  }
  return {
    inMonth,
    perDay,
    activeDays: perDay.filter((n) => n > 0).length,
    longestStreak: streak(perDay.map((n) => n > 0)),
    emotions,
    runs,
    runCents: runs.reduce((s, l) => s + l.cents!, 0),
    runDaily,
    runStreak: streak(runDays),
    journal: inMonth.filter((l) => l.tracker === 'journal'),
  };
}

describe('ReportAssembler (MariaDB, no time zone tables)', () => {
  let ctx: DomainContext;
  let assembler: ReportAssembler;
  let user: { id: number };
  let other: { id: number };
  /** A user in Asia/Kathmandu (UTC+05:45) with logs, made by the quarter-hour test. */
  let nepalId: number;
  const logs: PlainLog[] = [];
  const run = <T>(work: () => Promise<T>) => ctx.run(work);
  const now = new Date('2026-12-03T12:00:00Z');

  beforeAll(async () => {
    ctx = await createDomainContext([TrackersModule, LogsModule, ReportsModule]);
    assembler = ctx.get(ReportAssembler);
    const trackers = ctx.get(TrackersService);
    const logService = ctx.get(LogsService);
    user = await createUser(ctx.orm, { timezone: ZONE });
    other = await createUser(ctx.orm, { timezone: ZONE });
    const runTracker = await run(() =>
      trackers.create(user.id, { name: 'Running', type: TrackerType.Numerical, unit: 'km' }),
    );
    const journal = await run(() => trackers.create(user.id, { name: 'Journal <b>', type: TrackerType.Note }));
    const idle = await run(() => trackers.create(user.id, { name: 'Idle', type: TrackerType.Numerical }));
    const elsewhere = await run(() => trackers.create(other.id, { name: 'Running', type: TrackerType.Numerical }));

    const random = seededRandom(11);
    const emotions = [...Object.values(Emotion), null, null];
    // Around the edges of September/October/November in Berlin (UTC+2 then UTC+1) and the DST change.
    const edges = ['2025-08-31T22:00:00Z', '2025-09-30T22:00:00Z', '2025-10-26T01:00:00Z', '2025-10-31T23:00:00Z'];
    const [start, end] = [Date.parse('2025-08-25T00:00:00Z'), Date.parse('2025-11-06T00:00:00Z')];
    for (let i = 0; i < 240; i++) {
      const ms =
        i % 3 === 0
          ? Date.parse(edges[i % edges.length]!) + Math.round((random() - 0.5) * 4 * 3600e3)
          : start + Math.round(random() * (end - start));
      const isRun = random() < 0.7;
      logs.push({
        tracker: isRun ? 'run' : 'journal',
        at: new Date(ms),
        createdAt: new Date(ms + Math.round(random() * 20 * 86_400_000)),
        cents: isRun ? Math.round((random() - 0.2) * 2_000_000) : null,
        text: isRun ? null : `note ${i} <script>`,
        emotion: emotions[Math.floor(random() * emotions.length)]!,
      });
    }
    // Rest days, so streaks are not the whole month: nothing on 10–12 October local.
    const rest = logs.filter((l) => {
      const d = DateTime.fromJSDate(l.at, { zone: ZONE });
      return !(d.month === 10 && d.day >= 10 && d.day <= 12);
    });
    logs.splice(0, logs.length, ...rest);
    for (let i = 0; i < logs.length; i += 8)
      await Promise.all(
        logs.slice(i, i + 8).map((l) =>
          run(() =>
            logService.create(user.id, l.tracker === 'run' ? runTracker.id : journal.id, {
              loggedAt: l.at.toISOString(),
              value: l.cents === null ? undefined : l.cents / 100,
              description: l.text ?? undefined,
              emotion: l.emotion,
            }),
          ),
        ),
      );
    await run(() => logService.create(other.id, elsewhere.id, { loggedAt: '2025-10-15T10:00:00Z', value: 1 }));
    const em = ctx.orm.em.fork() as EntityManager;
    // History: the account and its trackers are older than the months reported, and logs were entered later.
    await em.execute('UPDATE users SET created_at = ? WHERE id = ?', [new Date('2025-06-01T00:00:00Z'), user.id]);
    await em.execute('UPDATE trackers SET created_at = ? WHERE id IN (?, ?)', [
      new Date('2025-07-01T00:00:00Z'),
      runTracker.id,
      journal.id,
    ]);
    await em.execute('UPDATE trackers SET created_at = ? WHERE id = ?', [new Date('2025-10-20T10:00:00Z'), idle.id]);
    for (const l of logs)
      await em.execute('UPDATE logs SET created_at = ? WHERE logged_at = ? AND tracker_id IN (?, ?)', [
        l.createdAt,
        l.at,
        runTracker.id,
        journal.id,
      ]);
    const logins = ['2025-09-30T21:30:00Z', '2025-09-30T22:30:00Z', '2025-10-12T08:00:00Z', '2025-10-31T23:30:00Z'];
    for (const at of logins)
      await em.execute('INSERT INTO login_events (user_id, at) VALUES (?, ?)', [user.id, new Date(at)]);
  });
  afterAll(() => ctx?.close());

  it('builds the month in the user’s zone, matching a log-by-log computation', async () => {
    const doc = (await run(() => assembler.document(user.id, MONTH, now)))!;
    const want = expected(logs, MONTH);
    const before = expected(logs, PREVIOUS);
    const local = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat('yyyy-MM');

    expect(doc.month).toBe(MONTH);
    expect(doc.previousMonth).toBe(PREVIOUS);
    expect(doc.user.timezone).toBe(ZONE);
    expect(doc.days).toBe(31);
    expect(doc.logsPerDay).toEqual(want.perDay);
    expect(doc.summary).toEqual({
      totalTrackers: 3, // Idle was created on 20 October
      trackersCreated: 1,
      totalLogs: want.inMonth.length,
      logsCreated: logs.filter((l) => local(l.createdAt) === MONTH).length,
      activeDays: want.activeDays,
      // 30 Sep 21:30Z is 23:30 in Berlin (September); 22:30Z is 1 October; 31 Oct 23:30Z is November.
      loginCount: 2,
      mostUsedTracker: { name: 'Running', logCount: want.runs.length },
      frequentEmotion: [...want.emotions].sort((a, b) => b.count - a.count)[0]!.emotion,
      longestStreak: want.longestStreak,
    });
    expect(doc.previous).toMatchObject({
      totalTrackers: 2,
      trackersCreated: 0,
      totalLogs: before.inMonth.length,
      logsCreated: logs.filter((l) => local(l.createdAt) === PREVIOUS).length,
      loginCount: 1,
      activeDays: before.activeDays,
    });
    expect(doc.emotions.map((e) => e.count)).toEqual(
      [...want.emotions].sort((a, b) => b.count - a.count).map((e) => e.count),
    );
    expect(doc.emotions.reduce((n, e) => n + e.count, 0)).toBe(want.inMonth.filter((l) => l.emotion).length);

    const [running, journal, ...rest] = doc.trackers;
    expect(rest).toEqual([]); // Idle has no logs: not listed
    expect(running).toMatchObject({
      name: 'Running',
      type: 'numerical',
      unit: 'km',
      logCount: want.runs.length,
      previousLogCount: before.runs.length,
      longestStreak: want.runStreak,
    });
    expect(Number(running!.total)).toBeCloseTo(want.runCents / 100, 4);
    expect(Number(running!.previousTotal)).toBeCloseTo(before.runCents / 100, 4);
    expect(running!.dailyTotals!.map((t) => (t === null ? null : Math.round(Number(t) * 100)))).toEqual(want.runDaily);
    expect(journal).toMatchObject({
      name: 'Journal <b>',
      type: 'note',
      logCount: want.journal.length,
      total: null,
      dailyTotals: null,
    });
    // The most recent notes of the month, newest first, as written (escaping is the template's job).
    const notes = [...want.journal].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 5);
    expect(doc.notes).toEqual(
      notes.map((n) => ({
        trackerName: 'Journal <b>',
        loggedAt: n.at.toISOString(),
        text: n.text,
        emotion: n.emotion,
      })),
    );
    // Plain data: it survives JSON (queues, caches) unchanged.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('has no previous summary for a month before the account existed, and null for a month without logs', async () => {
    const september = (await run(() => assembler.document(user.id, '2025-09', now)))!;
    expect(september.summary.totalLogs).toBe(expected(logs, '2025-09').inMonth.length);
    const august = await run(() => assembler.document(user.id, '2025-08', now));
    expect(august?.previous ?? null).not.toBeNull(); // account from June: July is a month it had
    expect(await run(() => assembler.document(user.id, '2025-12', now))).toBeNull();
    expect(await run(() => assembler.document(user.id, '2024-05', now))).toBeNull();
    expect(await run(() => assembler.document(999_999_999, MONTH, now))).toBeNull();
    const early = (await run(() => assembler.document(other.id, MONTH, now)))!;
    expect(early.previous).toBeNull(); // created now: it had no account in September 2025
    expect(early.summary.totalLogs).toBe(1);
  });

  it.each(['2025-13', '2025-1', '25-10', 'october', '2025-10-01', '1899-12'])('refuses the month %p', async (month) => {
    await expect(run(() => assembler.document(user.id, month, now))).rejects.toThrow(InvalidReportMonthError);
  });

  it('refuses a month in the future, in the user’s zone', async () => {
    // 31 December 23:30 UTC is already January in Berlin.
    const eve = new Date('2026-12-31T23:30:00Z');
    await expect(run(() => assembler.document(user.id, '2027-01', now))).rejects.toThrow(/future/);
    await expect(run(() => assembler.document(user.id, '2027-01', eve))).resolves.toBeNull();
  });

  it('lists the months with logs, newest first, page by page', async () => {
    const months = [...new Set(logs.map((l) => DateTime.fromJSDate(l.at, { zone: ZONE }).toFormat('yyyy-MM')))]
      .sort()
      .reverse();
    expect(months).toEqual(['2025-11', '2025-10', '2025-09', '2025-08']);
    const em = ctx.orm.em.fork() as EntityManager;
    await em.execute(
      `INSERT INTO monthly_stats (user_id, month, total_trackers, trackers_created, total_logs, logs_created, login_count, computed_at, sent_at, format)
       VALUES (?, '2025-10', 0, 0, 0, 0, 0, ?, ?, 'html')`,
      [user.id, now, new Date('2025-11-01T19:00:00Z')],
    );
    const all = await run(() => assembler.months(user.id, { limit: 50 }, now));
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((m) => m.month)).toEqual(months);
    const october = all.items.find((m) => m.month === MONTH)!;
    const want = expected(logs, MONTH);
    expect(october).toEqual({
      month: MONTH,
      totalLogs: want.inMonth.length,
      totalTrackers: 3,
      activeDays: want.activeDays,
      complete: true,
      sentAt: new Date('2025-11-01T19:00:00Z'),
      format: 'html',
    });
    expect(all.items.find((m) => m.month === '2025-09')).toMatchObject({
      totalTrackers: 2,
      sentAt: null,
      format: null,
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await run(() => assembler.months(user.id, { limit: 1, cursor }, now));
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0]!.month);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(months);

    const first = await run(() => assembler.months(user.id, { limit: 1 }, now));
    // A cursor is only good for the list that issued it.
    await expect(run(() => assembler.months(other.id, { limit: 1, cursor: first.nextCursor! }, now))).rejects.toThrow(
      InvalidCursorError,
    );
    // The running month is not complete.
    const inNovember = await run(() => assembler.months(user.id, { limit: 1 }, new Date('2025-11-20T12:00:00Z')));
    expect(inNovember.items[0]).toMatchObject({ month: '2025-11', complete: false });
  });

  it('lists nothing for a user without logs, and reads the logs in a quarter-hour zone (no rollup suits it)', async () => {
    const nepal = await createUser(ctx.orm, { timezone: 'Asia/Kathmandu' });
    nepalId = nepal.id;
    expect(await run(() => assembler.months(nepal.id, {}, now))).toEqual({ items: [], nextCursor: null });
    const tracker = await run(() =>
      ctx.get(TrackersService).create(nepal.id, { name: 'Tea', type: TrackerType.Numerical }),
    );
    // 18:20 UTC on 31 October is 00:05 on 1 November in Kathmandu (UTC+05:45).
    for (const at of ['2025-10-31T18:10:00Z', '2025-10-31T18:20:00Z', '2025-11-02T08:00:00Z'])
      await run(() => ctx.get(LogsService).create(nepal.id, tracker.id, { loggedAt: at, value: 1 }));
    const list = await run(() => assembler.months(nepal.id, {}, now));
    expect(list.items.map(({ month, totalLogs, activeDays }) => ({ month, totalLogs, activeDays }))).toEqual([
      { month: '2025-11', totalLogs: 2, activeDays: 2 },
      { month: '2025-10', totalLogs: 1, activeDays: 1 },
    ]);
    const november = (await run(() => assembler.document(nepal.id, '2025-11', now)))!;
    expect(november.logsPerDay.slice(0, 3)).toEqual([1, 1, 0]);
  });

  it('computes MonthlyStats for many users at once (set-based), each in their zone, agreeing with the document', async () => {
    const service = ctx.get(MonthlyStatsService);
    const computedAt = new Date('2025-11-01T19:00:00Z');
    const months = zoneMonths([ZONE, 'Asia/Kathmandu', 'UTC'], MONTH);
    const quiet = await createUser(ctx.orm, { timezone: 'UTC' }); // no logs: no row
    await run(() => service.compute(months, [user.id, other.id, nepalId, quiet.id], computedAt));
    const rows = async () =>
      (await ctx.orm.em.fork().find(MonthlyStats, { month: MONTH }, { orderBy: { user: 'asc' } })).filter((row) =>
        [user.id, other.id, nepalId, quiet.id].includes(row.user.id),
      );
    const first = await rows();
    expect(first.map((row) => row.user.id)).toEqual([user.id, other.id, nepalId]);
    for (const row of first) {
      const doc = (await run(() => assembler.document(row.user.id, MONTH, now)))!;
      expect({
        user: row.user.id,
        totalTrackers: row.totalTrackers,
        trackersCreated: row.trackersCreated,
        totalLogs: row.totalLogs,
        logsCreated: row.logsCreated,
        loginCount: row.loginCount,
        mostUsedTracker: row.mostUsedTrackerName
          ? { name: row.mostUsedTrackerName, logCount: row.mostUsedTrackerLogCount }
          : null,
        frequentEmotion: row.frequentEmotion,
      }).toEqual({
        user: row.user.id,
        totalTrackers: doc.summary.totalTrackers,
        trackersCreated: doc.summary.trackersCreated,
        totalLogs: doc.summary.totalLogs,
        logsCreated: doc.summary.logsCreated,
        loginCount: doc.summary.loginCount,
        mostUsedTracker: doc.summary.mostUsedTracker,
        frequentEmotion: doc.summary.frequentEmotion,
      });
      expect(row.computedAt).toEqual(computedAt);
    }
    expect(first[0]).toMatchObject({ totalLogs: expected(logs, MONTH).inMonth.length, loginCount: 2 });
    expect(first[2]).toMatchObject({ totalLogs: 1, mostUsedTrackerName: 'Tea' }); // 23:55 on 31 October in Kathmandu

    // Again: the same rows, recomputed; the record of the mail sent earlier stays.
    await run(() => service.compute(months, [user.id, other.id, nepalId, quiet.id], now));
    const second = await rows();
    expect(second.map((row) => [row.id, row.totalLogs])).toEqual(first.map((row) => [row.id, row.totalLogs]));
    expect(second[0]).toMatchObject({ computedAt: now, sentAt: new Date('2025-11-01T19:00:00Z'), format: 'html' });
  });
});
