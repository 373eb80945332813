import { EntityManager } from '@mikro-orm/mysql';
import { BadRequestError, InvalidCursorError } from '@tally/platform';
import { Emotion } from './emotion';
import { TrackerType, TrackerNotFoundError, TrackersModule, TrackersService } from '@tally/trackers';
import { createDomainContext, createUser, DomainContext } from '../../../test/support/domain';
import { rollupsVersusLogs } from '../../../test/support/rollups';
import { LogInputError, LogNotFoundError, LogRuleError, LogsModule, LogsService } from './index';

describe('LogsService (MariaDB + Redis)', () => {
  let ctx: DomainContext;
  let trackers: TrackersService;
  let logs: LogsService;
  const run = <T>(work: () => Promise<T>) => ctx.run(work);
  const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

  beforeAll(async () => {
    ctx = await createDomainContext([TrackersModule, LogsModule]);
    trackers = ctx.get(TrackersService);
    logs = ctx.get(LogsService);
  });
  afterAll(() => ctx?.close());

  async function setup() {
    const user = await createUser(ctx.orm);
    const numerical = await run(() => trackers.create(user.id, { name: 'Run', type: TrackerType.Numerical }));
    const note = await run(() => trackers.create(user.id, { name: 'Diary', type: TrackerType.Note }));
    return { user: { id: user.id, timezone: 'UTC' }, numerical, note };
  }

  /** The error a call fails with, for asserting its class, message and details together. */
  const failure = (work: () => Promise<unknown>) =>
    run(work).then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: Error & { details?: Array<{ field: string; message: string }> }) => error,
    );

  it('stores a numerical log exactly and reads it back as a number', async () => {
    const { user, numerical } = await setup();
    const created = await run(() =>
      logs.create(user.id, numerical.id, {
        value: 12345678901.2345,
        loggedAt: '2025-03-09T01:30:00-05:00',
        emotion: Emotion.Calm,
        description: '  evening run  ',
      }),
    );
    expect(created).toMatchObject({
      value: 12345678901.2345,
      loggedAt: '2025-03-09T06:30:00.000Z',
      emotion: 'calm',
      description: 'evening run',
      reminderAt: null,
    });
    expect(await run(() => logs.get(user.id, numerical.id, created.id))).toEqual(created);
  });

  it('defaults loggedAt to now', async () => {
    const { user, numerical } = await setup();
    const before = Date.now();
    const created = await run(() => logs.create(user.id, numerical.id, { value: 1 }));
    expect(Date.parse(created.loggedAt)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(created.loggedAt)).toBeLessThanOrEqual(Date.now() + 5);
  });

  describe('refuses bad input with a message that says what to fix', () => {
    it('a missing value on a numerical tracker (422)', async () => {
      const { user, numerical } = await setup();
      const error = await failure(() => logs.create(user.id, numerical.id, { emotion: Emotion.Happy }));
      expect(error).toBeInstanceOf(LogRuleError);
      expect(error.details).toEqual([{ field: 'value', message: 'value is required for a numerical tracker' }]);
    });

    it('a value on a note tracker, and a note without a description (422)', async () => {
      const { user, note } = await setup();
      const withValue = await failure(() => logs.create(user.id, note.id, { value: 3, description: 'x' }));
      expect(withValue).toBeInstanceOf(LogRuleError);
      expect(withValue.message).toMatch(/value must be left out for a note tracker/);
      const empty = await failure(() => logs.create(user.id, note.id, { description: '   ' }));
      expect(empty.details).toEqual([{ field: 'description', message: 'description is required for a note tracker' }]);
    });

    it('a description on a numerical tracker is fine, a value that cannot be stored exactly is not (400)', async () => {
      const { user, numerical } = await setup();
      await expect(
        run(() => logs.create(user.id, numerical.id, { value: 2, description: 'ok' })),
      ).resolves.toBeTruthy();
      for (const [value, problem] of [
        [Number.NaN, /finite/],
        [1.23456, /4 decimal places/],
        [1e15, /between/],
        [-Infinity, /finite/],
      ] as const) {
        const error = await failure(() => logs.create(user.id, numerical.id, { value }));
        expect(error).toBeInstanceOf(LogInputError);
        expect(error.details?.[0]).toEqual({ field: 'value', message: expect.stringMatching(problem) });
      }
    });

    it('an unknown emotion (400)', async () => {
      const { user, numerical } = await setup();
      const error = await failure(() =>
        logs.create(user.id, numerical.id, { value: 1, emotion: 'ecstatic' as Emotion }),
      );
      expect(error).toBeInstanceOf(LogInputError);
      expect(error.message).toMatch(/emotion must be one of: happy, excited/);
    });

    it('loggedAt without an offset, impossible, or more than a day ahead', async () => {
      const { user, numerical } = await setup();
      const local = await failure(() =>
        logs.create(user.id, numerical.id, { value: 1, loggedAt: '2025-03-09T08:00:00' }),
      );
      expect(local).toBeInstanceOf(LogInputError);
      expect(local.message).toMatch(/ISO 8601 date-time with a time zone offset/);
      await expect(
        run(() => logs.create(user.id, numerical.id, { value: 1, loggedAt: '2025-02-30T08:00:00Z' })),
      ).rejects.toThrow(LogInputError);
      const ahead = await failure(() =>
        logs.create(user.id, numerical.id, { value: 1, loggedAt: inFuture(25 * 3600e3) }),
      );
      expect(ahead).toBeInstanceOf(LogRuleError);
      expect(ahead.message).toBe('loggedAt must not be more than 1 day in the future');
      await expect(
        run(() => logs.create(user.id, numerical.id, { value: 1, loggedAt: inFuture(23 * 3600e3) })),
      ).resolves.toBeTruthy();
    });

    it('half a reminder, or one in the past (422)', async () => {
      const { user, numerical } = await setup();
      const half = await failure(() => logs.create(user.id, numerical.id, { value: 1, reminderMessage: 'Stretch' }));
      expect(half).toBeInstanceOf(LogRuleError);
      expect(half.details?.[0]?.field).toBe('reminderAt');
      const past = await failure(() =>
        logs.create(user.id, numerical.id, { value: 1, reminderMessage: 'Stretch', reminderAt: inFuture(-60e3) }),
      );
      expect(past.message).toBe('reminderAt must be in the future');
      const ok = await run(() =>
        logs.create(user.id, numerical.id, { value: 1, reminderMessage: 'Stretch', reminderAt: inFuture(3600e3) }),
      );
      expect(ok.reminderMessage).toBe('Stretch');
    });

    it('from after to, and a forged cursor (400)', async () => {
      const { user, numerical } = await setup();
      const range = await failure(() =>
        logs.list(user, numerical.id, { from: '2025-03-10', to: '2025-03-09T00:00:00Z' }),
      );
      expect(range).toBeInstanceOf(BadRequestError);
      expect(range.message).toBe('from must not be after to');
      await expect(run(() => logs.list(user, numerical.id, { cursor: 'WzEsMl0.bm9wZQ' }))).rejects.toThrow(
        InvalidCursorError,
      );
    });
  });

  it('pages newest first with a cursor, within from/to, without gaps or repeats', async () => {
    const { user, numerical } = await setup();
    const base = Date.parse('2025-01-01T00:00:00Z');
    // 120 logs, several sharing a timestamp, so the id must break ties.
    for (let i = 0; i < 120; i++) {
      const loggedAt = new Date(base + Math.floor(i / 3) * 3600e3).toISOString();
      await run(() => logs.create(user.id, numerical.id, { value: i, loggedAt }));
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await run(() => logs.list(user, numerical.id, { limit: 50, cursor }));
      seen.push(...page.items.map((l) => l.value!));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i));

    const window = await run(() =>
      logs.list(user, numerical.id, { from: '2025-01-01T10:00:00Z', to: '2025-01-01T11:00:00Z', limit: 200 }),
    );
    expect(window.items.map((l) => l.value)).toEqual([35, 34, 33, 32, 31, 30]);
    expect(window.nextCursor).toBeNull();
  });

  it('keeps other users out: their trackers and logs are not found', async () => {
    const { user, numerical } = await setup();
    const stranger = await createUser(ctx.orm);
    const log = await run(() => logs.create(user.id, numerical.id, { value: 5 }));
    await expect(run(() => logs.get(stranger.id, numerical.id, log.id))).rejects.toThrow(TrackerNotFoundError);
    await expect(run(() => logs.list({ id: stranger.id, timezone: 'UTC' }, numerical.id))).rejects.toThrow(
      TrackerNotFoundError,
    );
    await expect(run(() => logs.update(stranger.id, numerical.id, log.id, { value: 6 }))).rejects.toThrow(
      TrackerNotFoundError,
    );
    await expect(run(() => logs.remove(stranger.id, numerical.id, log.id))).rejects.toThrow(TrackerNotFoundError);
    // A log id from another tracker of the same user is not found in this one either.
    const { note } = { note: await run(() => trackers.create(user.id, { name: 'Other', type: TrackerType.Note })) };
    await expect(run(() => logs.get(user.id, note.id, log.id))).rejects.toThrow(LogNotFoundError);
  });

  it('edits a log: partial changes, null clears, a new reminder time is due again', async () => {
    const { user, numerical } = await setup();
    const log = await run(() =>
      logs.create(user.id, numerical.id, {
        value: 5,
        emotion: Emotion.Sad,
        reminderMessage: 'Ping',
        reminderAt: inFuture(3600e3),
      }),
    );
    const em = ctx.orm.em.fork() as unknown as EntityManager;
    await em.execute('UPDATE logs SET reminder_sent_at = NOW(3) WHERE id = ?', [log.id]);

    const edited = await run(() => logs.update(user.id, numerical.id, log.id, { value: 7.5, emotion: null }));
    expect(edited).toMatchObject({ value: 7.5, emotion: null, reminderMessage: 'Ping' });
    expect(edited.reminderSentAt).not.toBeNull(); // untouched reminder stays sent

    const rescheduled = await run(() => logs.update(user.id, numerical.id, log.id, { reminderAt: inFuture(7200e3) }));
    expect(rescheduled.reminderSentAt).toBeNull();

    const cleared = await run(() =>
      logs.update(user.id, numerical.id, log.id, { reminderAt: null, reminderMessage: null }),
    );
    expect(cleared).toMatchObject({ reminderAt: null, reminderMessage: null });
    await expect(run(() => logs.update(user.id, numerical.id, log.id, { value: null }))).rejects.toThrow(LogRuleError);
    await expect(
      run(() => logs.update(user.id, numerical.id, log.id, { loggedAt: null as unknown as string })),
    ).rejects.toThrow(LogInputError);
    expect(await run(() => logs.get(user.id, numerical.id, log.id))).toEqual(cleared);
  });

  it("touches the tracker's updatedAt on every write and shows it on the next (cached) read", async () => {
    const { user, numerical } = await setup();
    const before = await run(() => trackers.get(user.id, numerical.id));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const log = await run(() => logs.create(user.id, numerical.id, { value: 2 }));
    const afterCreate = await run(() => trackers.get(user.id, numerical.id));
    expect(afterCreate.updatedAt > before.updatedAt).toBe(true);
    expect(afterCreate).toMatchObject({ logCount: 1, lastValue: 2 });

    await new Promise((resolve) => setTimeout(resolve, 5));
    await run(() => logs.update(user.id, numerical.id, log.id, { value: 3 }));
    const afterEdit = await run(() => trackers.get(user.id, numerical.id));
    expect(afterEdit.updatedAt > afterCreate.updatedAt).toBe(true);
    expect(afterEdit.lastValue).toBe(3);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await run(() => logs.remove(user.id, numerical.id, log.id));
    const afterDelete = await run(() => trackers.get(user.id, numerical.id));
    expect(afterDelete.updatedAt > afterEdit.updatedAt).toBe(true);
    expect(afterDelete).toMatchObject({ logCount: 0, lastValue: null });
  });

  it('keeps the rollups equal to a rebuild from the logs through inserts, moves, edits and deletes', async () => {
    const { user, numerical } = await setup();
    const ids: number[] = [];
    const emotions = Object.values(Emotion);
    const at = (minutes: number) => new Date(Date.parse('2025-06-01T00:00:00Z') + minutes * 60e3).toISOString();
    for (let i = 0; i < 40; i++) {
      const log = await run(() =>
        logs.create(user.id, numerical.id, {
          value: ((i * 37) % 23) - 7.25,
          loggedAt: at((i * 7) % 95),
          emotion: i % 3 ? emotions[i % emotions.length] : null,
        }),
      );
      ids.push(log.id);
    }
    for (let i = 0; i < 40; i += 3) {
      await run(() => logs.update(user.id, numerical.id, ids[i]!, { loggedAt: at(200 + i), value: i * 100 }));
    }
    for (let i = 1; i < 40; i += 4) await run(() => logs.remove(user.id, numerical.id, ids[i]!));
    await run(() => logs.update(user.id, numerical.id, ids[2]!, { emotion: Emotion.Angry, value: -99 }));

    const { stored, rebuilt } = await rollupsVersusLogs(ctx.orm, numerical.id);
    expect(stored.length).toBeGreaterThan(5);
    expect(stored).toEqual(rebuilt);
  });

  it('takes 40 concurrent logs on one tracker without losing any (locks, deadlock retries)', async () => {
    const { user, numerical, note } = await setup();
    const loggedAt = '2025-06-01T12:07:00Z'; // all in one rollup slot: the hottest row there is
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        run(() =>
          i % 10 === 9
            ? logs.create(user.id, note.id, { description: `n${i}`, loggedAt })
            : logs.create(user.id, numerical.id, { value: i, loggedAt }),
        ),
      ),
    );
    // An edit and a delete racing the inserts take the tracker lock first and must not deadlock.
    const first = (await run(() => logs.list(user, numerical.id, { limit: 1 }))).items[0]!;
    await Promise.all([
      run(() => logs.update(user.id, numerical.id, first.id, { value: 1000 })),
      ...Array.from({ length: 10 }, (_, i) => run(() => logs.create(user.id, numerical.id, { value: i, loggedAt }))),
      run(() => logs.remove(user.id, numerical.id, first.id)).catch(() => undefined),
    ]);
    const summary = await run(() => trackers.get(user.id, numerical.id));
    const { stored, rebuilt } = await rollupsVersusLogs(ctx.orm, numerical.id);
    expect(stored).toEqual(rebuilt);
    expect(summary.logCount).toBe(Number(rebuilt[0]!.log_count));
    expect([45, 46]).toContain(summary.logCount);
  });

  it('writes concurrent logs of many trackers together, each with its own id; a bad one fails alone', async () => {
    const a = await setup();
    const b = await setup();
    const before = Date.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        run(() => {
          if (i === 17) return logs.create(a.user.id, b.numerical.id, { value: 1 }); // someone else's tracker
          if (i === 31) return logs.create(a.user.id, a.note.id, { value: 1 }); // a value on a note tracker
          const own = i % 2 ? a : b;
          return i % 3
            ? logs.create(own.user.id, own.numerical.id, { value: i })
            : logs.create(own.user.id, own.note.id, { description: `n${i}` });
        }),
      ),
    );
    expect((outcomes[17] as PromiseRejectedResult).reason).toBeInstanceOf(TrackerNotFoundError);
    expect((outcomes[31] as PromiseRejectedResult).reason).toBeInstanceOf(LogRuleError);
    const created = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [{ i, log: o.value }] : []));
    expect(created).toHaveLength(58);
    expect(new Set(created.map((c) => c.log.id)).size).toBe(58);
    // Each id is the log that request wrote.
    for (const { i, log } of created) {
      const own = i % 2 ? a : b;
      const tracker = i % 3 ? own.numerical : own.note;
      const stored = await run(() => logs.get(own.user.id, tracker.id, log.id));
      expect(stored).toMatchObject(i % 3 ? { value: i } : { description: `n${i}` });
    }
    for (const own of [a, b]) {
      for (const tracker of [own.numerical, own.note]) {
        const { stored, rebuilt } = await rollupsVersusLogs(ctx.orm, tracker.id);
        expect(stored).toEqual(rebuilt);
        const summary = await run(() => trackers.get(own.user.id, tracker.id));
        expect(Date.parse(summary.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
      }
    }
    expect((await run(() => trackers.get(b.user.id, b.numerical.id))).logCount).toBe(
      created.filter(({ i }) => i % 2 === 0 && i % 3 !== 0).length,
    );
  });
});
