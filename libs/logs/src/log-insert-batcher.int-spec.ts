import { EntityManager } from '@mikro-orm/mysql';
import { TrackerType, TrackersModule, TrackersService } from '@tally/trackers';
import { createDomainContext, createUser, DomainContext } from '../../../test/support/domain';
import { rollupsVersusLogs } from '../../../test/support/rollups';
import { LogInsert, LogInsertBatcher } from './log-insert-batcher';
import { LogWriter } from './log-writer';
import { LogsModule } from './logs.module';

describe('LogInsertBatcher (MariaDB)', () => {
  let ctx: DomainContext;
  let batcher: LogInsertBatcher;
  let writer: LogWriter;

  beforeAll(async () => {
    ctx = await createDomainContext([TrackersModule, LogsModule]);
    batcher = ctx.get(LogInsertBatcher);
    writer = ctx.get(LogWriter);
  });
  afterAll(() => ctx?.close());

  const insertOf = (userId: number, trackerId: number, value: string): LogInsert => {
    const now = new Date();
    return {
      userId,
      trackerId,
      type: TrackerType.Numerical,
      now,
      log: { loggedAt: now, value, description: null, emotion: null, reminderMessage: null, reminderAt: null },
    };
  };

  it('fails only the log that fails when a batch fails (R12), and writes the others', async () => {
    const trackers = ctx.get(TrackersService);
    const users = [await createUser(ctx.orm), await createUser(ctx.orm)];
    const ids: number[] = [];
    for (const user of users) {
      ids.push((await ctx.run(() => trackers.create(user.id, { name: 'Run', type: TrackerType.Numerical }))).id);
    }
    // The batch transactions the batcher runs, and what each was given.
    const write = jest.spyOn(batcher as unknown as { write: (inserts: LogInsert[]) => Promise<unknown> }, 'write');

    // The first log goes alone; the five that arrive meanwhile share the next transaction. One of them
    // carries a value its DECIMAL(18,4) column cannot hold (the API's validation would refuse it; here
    // it stands for any row the database refuses), so that batch's INSERT fails as a whole.
    const first = writer.add(insertOf(users[0]!.id, ids[0]!, '1.0000'));
    const values = ['2.0000', '3.0000', '100000000000000000000', '4.0000', '5.0000'];
    const rest = values.map((value, i) => writer.add(insertOf(users[i % 2]!.id, ids[i % 2]!, value)));
    const settled = await Promise.allSettled([first, ...rest]);

    const outcome = settled.map((s) => (s.status === 'fulfilled' ? typeof s.value : 'rejected'));
    const sizes = write.mock.calls.map(([inserts]) => inserts.length);
    write.mockRestore();
    console.log(
      `R12 fallback: batch transactions of ${JSON.stringify(sizes)} logs; outcomes ${JSON.stringify(outcome)}`,
    );
    // The batch of five failed, then each of its logs went alone: four written, the bad one refused.
    expect(sizes).toEqual([1, 5, 1, 1, 1, 1, 1]);
    expect(outcome).toEqual(['number', 'number', 'number', 'rejected', 'number', 'number']);
    expect((settled[3] as PromiseRejectedResult).reason.message).toMatch(/out of range/i);

    const em = ctx.orm.em.fork() as unknown as EntityManager;
    const stored = await em.execute<Array<{ tracker_id: number; value: string }>>(
      'SELECT tracker_id, value FROM logs WHERE tracker_id IN (?, ?) ORDER BY value',
      ids,
    );
    expect(stored.map((row) => [row.tracker_id, row.value])).toEqual([
      [ids[0], '1.0000'],
      [ids[0], '2.0000'],
      [ids[1], '3.0000'],
      [ids[1], '4.0000'],
      [ids[0], '5.0000'],
    ]);
    for (const trackerId of ids) {
      const { stored: rollups, rebuilt } = await rollupsVersusLogs(ctx.orm, trackerId);
      expect(rollups).toEqual(rebuilt);
    }
  });

  it('writes other users’ logs at once while one tracker is locked, and that tracker’s log once it is free', async () => {
    const trackers = ctx.get(TrackersService);
    const [held, free] = [await createUser(ctx.orm), await createUser(ctx.orm)];
    const heldTracker = await ctx.run(() => trackers.create(held.id, { name: 'Held', type: TrackerType.Numerical }));
    const freeTracker = await ctx.run(() => trackers.create(free.id, { name: 'Free', type: TrackerType.Numerical }));

    const holder = ctx.orm.em.fork() as unknown as EntityManager;
    await holder.begin();
    await holder.execute('SELECT id FROM trackers WHERE id = ? FOR UPDATE', [heldTracker.id]);
    const started = Date.now();
    let heldDoneAt = 0;
    const heldLog = writer.add(insertOf(held.id, heldTracker.id, '1.0000')).then((id) => {
      heldDoneAt = Date.now() - started;
      return id;
    });
    const freeLogs = await Promise.all([1, 2, 3].map(() => writer.add(insertOf(free.id, freeTracker.id, '2.0000'))));
    const freeDoneAt = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(heldDoneAt).toBe(0); // still waiting for the lock
    await holder.rollback();
    expect(await heldLog).toEqual(expect.any(Number));
    console.log(
      `R12 batcher: other user's 3 logs written after ${freeDoneAt} ms with a tracker held; ` +
        `the held tracker's log after ${heldDoneAt} ms (the lock was let go at ≈ ${freeDoneAt + 500} ms)`,
    );
    expect(freeLogs).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(freeDoneAt).toBeLessThan(heldDoneAt);
  });
});
