import { TrackersModule, TrackersService, TrackerType } from '@tally/trackers';
import { DateTime } from 'luxon';
import { seededRandom as seeded } from '@tally/platform';
import { createDomainContext, createUser, DomainContext } from '../../../../test/support/domain';
import { Emotion, LogsModule, LogsService, StatsBucket, TrackerStatsService } from '../index';

interface PlainLog {
  at: Date;
  cents: number;
  emotion: Emotion | null;
}

/** What the stats must be, computed the slow obvious way: every log, Luxon for local time. */
function bruteForce(logs: PlainLog[], zone: string, bucket: StatsBucket, from: Date, to: Date) {
  const inRange = logs.filter((l) => l.at >= from && l.at <= to);
  const buckets = new Map<string, { count: number; cents: number; min: number; max: number }>();
  for (const log of inRange) {
    const key = DateTime.fromJSDate(log.at, { zone }).startOf(bucket).toISODate()!;
    const b = buckets.get(key) ?? { count: 0, cents: 0, min: Infinity, max: -Infinity };
    b.count++;
    b.cents += log.cents;
    b.min = Math.min(b.min, log.cents);
    b.max = Math.max(b.max, log.cents);
    buckets.set(key, b);
  }
  const emotions = Object.fromEntries(Object.values(Emotion).map((e) => [e, 0])) as Record<Emotion, number>;
  for (const log of inRange) if (log.emotion) emotions[log.emotion]++;
  const sorted = [...inRange].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { buckets, emotions, count: inRange.length, cents: inRange.reduce((s, l) => s + l.cents, 0), sorted };
}

function bruteStreaks(logs: PlainLog[], zone: string, today: DateTime) {
  const days = [...new Set(logs.map((l) => DateTime.fromJSDate(l.at, { zone }).toISODate()!))].sort();
  let longest = 0;
  let run = 0;
  let previous: DateTime | null = null;
  let latestEnd = '';
  for (const day of days) {
    const date = DateTime.fromISO(day, { zone });
    run = previous && date.diff(previous, 'days').days === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = date;
    latestEnd = day;
  }
  const yesterday = today.minus({ days: 1 }).toISODate()!;
  return { longest, current: days.length && latestEnd >= yesterday ? run : 0 };
}

describe('TrackerStatsService against a brute-force computation (MariaDB, no time zone tables)', () => {
  let ctx: DomainContext;
  let trackers: TrackersService;
  let logs: LogsService;
  let stats: TrackerStatsService;
  const run = <T>(work: () => Promise<T>) => ctx.run(work);

  beforeAll(async () => {
    ctx = await createDomainContext([TrackersModule, LogsModule]);
    trackers = ctx.get(TrackersService);
    logs = ctx.get(LogsService);
    stats = ctx.get(TrackerStatsService);
  });
  afterAll(() => ctx?.close());

  /** A user in `zone` with a numerical tracker and `count` logs spread over [start, end], denser near `focus`. */
  async function dataset(zone: string, start: string, end: string, focus: string, count: number, seed: number) {
    const user = await createUser(ctx.orm, { timezone: zone });
    const tracker = await run(() => trackers.create(user.id, { name: 'Measure', type: TrackerType.Numerical }));
    const random = seeded(seed);
    const [s, e, f] = [Date.parse(start), Date.parse(end), Date.parse(focus)];
    const emotions = [...Object.values(Emotion), null];
    const plain: PlainLog[] = [];
    for (let i = 0; i < count; i++) {
      // A third of the logs within ±3 hours of the focus (the DST change or a day boundary).
      const ms = i % 3 === 0 ? f + Math.round((random() - 0.5) * 6 * 3600e3) : s + Math.round(random() * (e - s));
      const at = new Date(ms);
      const cents = Math.round((random() - 0.3) * 100_000);
      const emotion = emotions[Math.floor(random() * emotions.length)]!;
      plain.push({ at, cents, emotion });
    }
    // Through the service, as the API writes them, a few at a time.
    for (let i = 0; i < plain.length; i += 8) {
      await Promise.all(
        plain
          .slice(i, i + 8)
          .map(({ at, cents, emotion }) =>
            run(() => logs.create(user.id, tracker.id, { value: cents / 100, loggedAt: at.toISOString(), emotion })),
          ),
      );
    }
    return { user: { id: user.id, timezone: zone }, trackerId: tracker.id, plain };
  }

  async function expectStatsMatch(
    data: Awaited<ReturnType<typeof dataset>>,
    bucket: StatsBucket,
    fromText: string,
    toText: string,
  ) {
    const zone = data.user.timezone;
    const view = await run(() => stats.get(data.user, data.trackerId, { from: fromText, to: toText, bucket }));
    const from = new Date(Date.parse(view.from));
    const to = new Date(Date.parse(view.to));
    const expected = bruteForce(data.plain, zone, bucket, from, to);

    expect(view.timezone).toBe(zone);
    for (const b of view.buckets) {
      const key = DateTime.fromISO(b.start, { zone }).toISODate()!;
      const want = expected.buckets.get(key);
      expect({ key, count: b.count }).toEqual({ key, count: want?.count ?? 0 });
      if (!want) {
        expect(b).toMatchObject({ sum: 0, avg: null, min: null, max: null });
        continue;
      }
      expect(b.sum).toBe(want.cents / 100);
      expect(b.min).toBe(want.min / 100);
      expect(b.max).toBe(want.max / 100);
      expect(b.avg).toBeCloseTo(want.cents / want.count / 100, 6);
      // Every bucket starts at local midnight, whatever the offset that day.
      expect(DateTime.fromISO(b.start, { zone }).toFormat('HH:mm')).toBe('00:00');
    }
    expect(view.buckets.reduce((n, b) => n + b.count, 0)).toBe(expected.count);
    expect(view.emotions).toEqual(expected.emotions);
    expect(view.totals).toMatchObject({ count: expected.count, sum: expected.cents / 100 });
    expect(view.totals.first?.loggedAt).toBe(expected.sorted[0]?.at.toISOString());
    expect(view.totals.last?.loggedAt).toBe(expected.sorted.at(-1)?.at.toISOString());
    const streaks = bruteStreaks(data.plain, zone, DateTime.now().setZone(zone));
    expect(view.streak).toEqual(streaks);
    return view;
  }

  describe('America/New_York across the March 2025 DST change', () => {
    let data: Awaited<ReturnType<typeof dataset>>;
    beforeAll(async () => {
      data = await dataset(
        'America/New_York',
        '2025-02-20T00:00:00Z',
        '2025-03-25T00:00:00Z',
        '2025-03-09T07:00:00Z',
        360,
        7,
      );
    }, 60_000);

    it('daily buckets for the whole of March (local dates)', async () => {
      const view = await expectStatsMatch(data, 'day', '2025-03-01', '2025-03-31');
      const dstDay = view.buckets.find((b) => b.start.startsWith('2025-03-09'))!;
      const nextDay = view.buckets.find((b) => b.start.startsWith('2025-03-10'))!;
      expect(dstDay.start).toBe('2025-03-09T00:00:00.000-05:00');
      expect(nextDay.start).toBe('2025-03-10T00:00:00.000-04:00');
      expect(dstDay.count).toBeGreaterThan(20);
    });

    it('weekly and monthly buckets', async () => {
      await expectStatsMatch(data, 'week', '2025-02-20', '2025-03-25');
      await expectStatsMatch(data, 'month', '2025-02-01', '2025-03-31');
    });

    it('ranges that start and end inside rollup slots (exact at the edges)', async () => {
      await expectStatsMatch(data, 'day', '2025-03-08T22:07:13.5-05:00', '2025-03-09T05:41:09.25-04:00');
      await expectStatsMatch(data, 'day', '2025-03-09T01:58:00-05:00', '2025-03-09T03:04:00-04:00');
      await expectStatsMatch(data, 'week', '2025-03-02T10:07:13.5-05:00', '2025-03-15T16:41:09.25-04:00');
    });
  });

  describe('Asia/Kolkata (+05:30: local days start at 18:30 UTC)', () => {
    let data: Awaited<ReturnType<typeof dataset>>;
    beforeAll(async () => {
      data = await dataset(
        'Asia/Kolkata',
        '2025-01-01T00:00:00Z',
        '2025-02-15T00:00:00Z',
        '2025-01-10T18:30:00Z',
        300,
        11,
      );
    }, 60_000);

    it('daily, weekly and monthly buckets', async () => {
      await expectStatsMatch(data, 'day', '2025-01-01', '2025-02-14');
      await expectStatsMatch(data, 'week', '2025-01-01', '2025-02-14');
      await expectStatsMatch(data, 'month', '2025-01-01', '2025-02-14');
    });

    it('a range cut mid-slot around the day boundary', async () => {
      await expectStatsMatch(data, 'day', '2025-01-10T18:23:00Z', '2025-01-10T18:38:59.999Z');
    });
  });

  it('reads quarter-hour zones (Asia/Kathmandu, +05:45) from the logs, just as exactly', async () => {
    const data = await dataset(
      'Asia/Kathmandu',
      '2025-01-01T00:00:00Z',
      '2025-01-20T00:00:00Z',
      '2025-01-10T18:15:00Z',
      120,
      5,
    );
    await expectStatsMatch(data, 'day', '2025-01-01', '2025-01-19');
    await expectStatsMatch(data, 'week', '2025-01-01T03:00:00+05:45', '2025-01-19T22:10:00+05:45');
  }, 60_000);

  it('counts streaks in local days: current until a whole day passes without a log, longest over all time', async () => {
    const zone = 'Pacific/Auckland';
    const user = await createUser(ctx.orm, { timezone: zone });
    const tracker = await run(() => trackers.create(user.id, { name: 'Habit', type: TrackerType.Note }));
    const today = DateTime.now().setZone(zone).startOf('day');
    // Yesterday, the 2 days before (a 3-day current streak with nothing yet today), a gap, then 5 days in a row.
    const days = [1, 2, 3, 5, 6, 7, 8, 9];
    for (const ago of days) {
      const loggedAt = today.minus({ days: ago }).plus({ hours: 23, minutes: 30 }).toISO()!;
      await run(() => logs.create(user.id, tracker.id, { description: `day -${ago}`, loggedAt }));
    }
    const view = await run(() => stats.get({ id: user.id, timezone: zone }, tracker.id));
    expect(view.streak).toEqual({ current: 3, longest: 5 });
    // Notes have no numbers.
    expect(view.totals).toMatchObject({ count: 8, sum: null, avg: null, min: null, max: null });
    expect(view.buckets.every((b) => b.sum === null)).toBe(true);

    // Logging today extends the current streak, and the cached stats show it at once.
    await run(() => logs.create(user.id, tracker.id, { description: 'today' }));
    const after = await run(() => stats.get({ id: user.id, timezone: zone }, tracker.id));
    expect(after.streak).toEqual({ current: 4, longest: 5 });
  });

  it('answers an empty tracker with zeros, and refuses an absurd number of buckets', async () => {
    const user = await createUser(ctx.orm, { timezone: 'Europe/Berlin' });
    const tracker = await run(() => trackers.create(user.id, { name: 'Empty', type: TrackerType.Numerical }));
    const view = await run(() => stats.get({ id: user.id, timezone: 'Europe/Berlin' }, tracker.id, { bucket: 'week' }));
    expect(view.buckets).toHaveLength(1);
    expect(view.totals).toMatchObject({ count: 0, sum: 0, first: null, last: null });
    expect(view.streak).toEqual({ current: 0, longest: 0 });
    await expect(
      run(() => stats.get({ id: user.id, timezone: 'UTC' }, tracker.id, { from: '1900-01-01', to: '2025-01-01' })),
    ).rejects.toThrow(/more than 10000 day buckets/);
  });
});
