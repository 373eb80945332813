import { EntityManager } from '@mikro-orm/mysql';
import { InvalidCursorError } from '@tally/platform';
import { TrackerType } from './tracker-type';
import { LogsModule, LogsService } from '@tally/logs';
import { createDomainContext, createUser, DomainContext } from '../../../test/support/domain';
import {
  TrackerFieldsError,
  TrackerNameTakenError,
  TrackerNotFoundError,
  TrackersModule,
  TrackersService,
  TrackerTypeLockedError,
} from './index';

describe('TrackersService (MariaDB + Redis)', () => {
  let ctx: DomainContext;
  let trackers: TrackersService;
  let logs: LogsService;
  const run = <T>(work: () => Promise<T>) => ctx.run(work);

  beforeAll(async () => {
    ctx = await createDomainContext([TrackersModule, LogsModule]);
    trackers = ctx.get(TrackersService);
    logs = ctx.get(LogsService);
  });
  afterAll(() => ctx?.close());

  const numerical = (name: string) => ({ name, type: TrackerType.Numerical, whatToTrack: 'Distance', unit: 'km' });

  it('creates a tracker, trimming text and reporting an empty log summary', async () => {
    const user = await createUser(ctx.orm);
    const created = await run(() =>
      trackers.create(user.id, { name: '  Running ', type: TrackerType.Numerical, unit: ' km ', description: '' }),
    );
    expect(created).toMatchObject({
      name: 'Running',
      unit: 'km',
      description: null,
      type: 'numerical',
      logCount: 0,
      lastLoggedAt: null,
      lastValue: null,
    });
    expect(await run(() => trackers.get(user.id, created.id))).toEqual(created);
  });

  it('keeps names unique per user, ignoring case, but not across users', async () => {
    const alice = await createUser(ctx.orm);
    const bob = await createUser(ctx.orm);
    await run(() => trackers.create(alice.id, numerical('Sleep')));
    await expect(run(() => trackers.create(alice.id, numerical('sleep')))).rejects.toThrow(TrackerNameTakenError);
    await expect(run(() => trackers.create(bob.id, numerical('Sleep')))).resolves.toMatchObject({ name: 'Sleep' });
    const other = await run(() => trackers.create(alice.id, numerical('Naps')));
    await expect(run(() => trackers.update(alice.id, other.id, { name: 'SLEEP' }))).rejects.toThrow(
      TrackerNameTakenError,
    );
    // Renaming a tracker to its own name in another case is fine.
    await expect(run(() => trackers.update(alice.id, other.id, { name: 'NAPS' }))).resolves.toMatchObject({
      name: 'NAPS',
    });
  });

  it('lets only one of two racing creates with the same name win', async () => {
    const user = await createUser(ctx.orm);
    const results = await Promise.allSettled([
      run(() => trackers.create(user.id, numerical('Race'))),
      run(() => trackers.create(user.id, numerical('Race'))),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(TrackerNameTakenError);
  });

  it('refuses numerical-only fields on notes, and clears them when a tracker becomes a note', async () => {
    const user = await createUser(ctx.orm);
    await expect(
      run(() => trackers.create(user.id, { name: 'Diary', type: TrackerType.Note, unit: 'km' })),
    ).rejects.toThrow(TrackerFieldsError);
    const t = await run(() => trackers.create(user.id, numerical('Mood')));
    const note = await run(() => trackers.update(user.id, t.id, { type: TrackerType.Note }));
    expect(note).toMatchObject({ type: 'note', unit: null, whatToTrack: null });
  });

  it('fixes the type once the tracker has logs (409 with the reason)', async () => {
    const user = await createUser(ctx.orm);
    const t = await run(() => trackers.create(user.id, numerical('Weight')));
    await run(() => logs.create(user.id, t.id, { value: 80.5 }));
    const error = await run(() => trackers.update(user.id, t.id, { type: TrackerType.Note })).catch((e) => e);
    expect(error).toBeInstanceOf(TrackerTypeLockedError);
    expect(error.message).toMatch(/cannot change once it has logs/);
    // Other edits still work.
    await expect(run(() => trackers.update(user.id, t.id, { unit: 'kg' }))).resolves.toMatchObject({ unit: 'kg' });
  });

  it("answers 404 for someone else's tracker on every operation", async () => {
    const owner = await createUser(ctx.orm);
    const stranger = await createUser(ctx.orm);
    const t = await run(() => trackers.create(owner.id, numerical('Private')));
    await expect(run(() => trackers.get(stranger.id, t.id))).rejects.toThrow(TrackerNotFoundError);
    await expect(run(() => trackers.update(stranger.id, t.id, { name: 'Mine' }))).rejects.toThrow(TrackerNotFoundError);
    await expect(run(() => trackers.remove(stranger.id, t.id))).rejects.toThrow(TrackerNotFoundError);
    await expect(run(() => logs.create(stranger.id, t.id, { value: 1 }))).rejects.toThrow(TrackerNotFoundError);
    expect((await run(() => trackers.list(stranger.id))).items).toEqual([]);
    await expect(run(() => trackers.get(owner.id, t.id))).resolves.toMatchObject({ name: 'Private' });
  });

  it('lists most recently updated first with logCount, lastLoggedAt and lastValue', async () => {
    const user = await createUser(ctx.orm);
    const a = await run(() => trackers.create(user.id, numerical('A')));
    const b = await run(() => trackers.create(user.id, numerical('B')));
    const note = await run(() => trackers.create(user.id, { name: 'N', type: TrackerType.Note }));
    await run(() => logs.create(user.id, a.id, { value: 1.5, loggedAt: '2025-01-01T10:00:00Z' }));
    await run(() => logs.create(user.id, a.id, { value: 2.25, loggedAt: '2025-01-03T10:00:00Z' }));
    await run(() => logs.create(user.id, a.id, { value: 9, loggedAt: '2025-01-02T10:00:00Z' }));
    await run(() => logs.create(user.id, note.id, { description: 'hello' }));

    const list = await run(() => trackers.list(user.id));
    expect(list.items.map((t) => t.name)).toEqual(['N', 'A', 'B']);
    expect(list.items[1]).toMatchObject({ logCount: 3, lastLoggedAt: '2025-01-03T10:00:00.000Z', lastValue: 2.25 });
    expect(list.items[0]).toMatchObject({ logCount: 1, lastValue: null });
    expect(list.items[2]).toMatchObject({ logCount: 0, lastLoggedAt: null });

    // Logging on B moves it to the top on the very next read (the cache was bumped).
    await run(() => logs.create(user.id, b.id, { value: 3 }));
    expect((await run(() => trackers.list(user.id))).items.map((t) => t.name)).toEqual(['B', 'N', 'A']);
  });

  it('reads the list in one SQL statement however many trackers (no N+1)', async () => {
    const user = await createUser(ctx.orm);
    for (let i = 0; i < 12; i++) {
      const t = await run(() => trackers.create(user.id, numerical(`T${i}`)));
      await run(() => logs.create(user.id, t.id, { value: i }));
    }
    await run(() => trackers.create(user.id, numerical('warm'))); // bumps the cache version
    const connection = ctx.get(EntityManager).getConnection();
    const execute = jest.spyOn(connection, 'execute');
    try {
      const list = await run(() => trackers.list(user.id, { limit: 50 }));
      expect(list.items).toHaveLength(13);
      expect(execute).toHaveBeenCalledTimes(1);
      execute.mockClear();
      await run(() => trackers.list(user.id, { limit: 50 })); // cached
      expect(execute).not.toHaveBeenCalled();
    } finally {
      execute.mockRestore();
    }
  });

  it('paginates with an opaque cursor and refuses a forged one', async () => {
    const user = await createUser(ctx.orm);
    for (let i = 0; i < 5; i++) await run(() => trackers.create(user.id, numerical(`P${i}`)));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await run(() => trackers.list(user.id, { limit: 2, cursor }));
      seen.push(...page.items.map((t) => t.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['P4', 'P3', 'P2', 'P1', 'P0']);

    const { nextCursor } = await run(() => trackers.list(user.id, { limit: 2 }));
    const [body, mac] = nextCursor!.split('.');
    const tampered = `${body!.slice(0, -2)}AA.${mac}`;
    await expect(run(() => trackers.list(user.id, { cursor: tampered }))).rejects.toThrow(InvalidCursorError);
    // Another user's cursor is no good either.
    const other = await createUser(ctx.orm);
    await expect(run(() => trackers.list(other.id, { cursor: nextCursor! }))).rejects.toThrow(InvalidCursorError);
  });

  it("never serves one user's cached list to another, and shows a write on the next read", async () => {
    const alice = await createUser(ctx.orm);
    const bob = await createUser(ctx.orm);
    await run(() => trackers.create(alice.id, numerical('Alice only')));
    expect((await run(() => trackers.list(alice.id))).items).toHaveLength(1);
    expect((await run(() => trackers.list(bob.id))).items).toHaveLength(0);
    const t = await run(() => trackers.create(alice.id, numerical('Second')));
    expect((await run(() => trackers.list(alice.id))).items).toHaveLength(2);
    await run(() => trackers.update(alice.id, t.id, { name: 'Renamed' }));
    expect((await run(() => trackers.get(alice.id, t.id))).name).toBe('Renamed');
    expect((await run(() => trackers.list(alice.id))).items[0]!.name).toBe('Renamed');
  });

  it('deletes a tracker with its logs and rollups', async () => {
    const user = await createUser(ctx.orm);
    const t = await run(() => trackers.create(user.id, numerical('Gone')));
    await run(() => logs.create(user.id, t.id, { value: 1 }));
    await run(() => trackers.remove(user.id, t.id));
    await expect(run(() => trackers.get(user.id, t.id))).rejects.toThrow(TrackerNotFoundError);
    const em = ctx.orm.em.fork() as unknown as EntityManager;
    const [{ n }] = await em.execute(
      'SELECT (SELECT COUNT(*) FROM logs WHERE tracker_id = ?) + (SELECT COUNT(*) FROM log_rollups WHERE tracker_id = ?) AS n',
      [t.id, t.id],
    );
    expect(Number(n)).toBe(0);
    await expect(run(() => trackers.remove(user.id, t.id))).rejects.toThrow(TrackerNotFoundError);
  });
});
