import { EntityManager } from '@mikro-orm/mysql';
import { LogsModule, LogsService } from '@tally/logs';
import { CursorCodec, parseSqlDateTime } from '@tally/platform';
import { TrackersModule } from '@tally/trackers';
import { benchConfig, createBenchContext } from './context';
import { BENCH_ZONE, ensureDataset } from './generate';
import { fmt, summarize, Timing } from './measure';
import { performance } from 'node:perf_hooks';

export interface P4Result {
  id: 'P4';
  depth: number;
  firstPage: Timing;
  deepPage: Timing;
  ratioP50: number;
  ratioP95: number;
  offsetBaseline: Timing;
}

const DEPTH = 900_000;
const RUNS = 300;

/**
 * P4: a page of 50 logs from a cursor 900,000 logs deep vs the first page, through LogsService
 * (ownership check + keyset query), measured alternately in one run. For contrast: OFFSET paging.
 */
export async function benchCursor(): Promise<P4Result> {
  const dataset = await ensureDataset();
  const context = await createBenchContext(benchConfig(), [TrackersModule, LogsModule]);
  try {
    const logs = context.get(LogsService);
    const em = context.get(EntityManager);
    const user = { id: dataset.millionUserId, timezone: BENCH_ZONE };
    const trackerId = dataset.millionTrackerId;
    const [position] = await context.run(() =>
      em.execute<Array<{ logged_at: string; id: number }>>(
        'SELECT logged_at, id FROM logs WHERE tracker_id = ? ORDER BY logged_at DESC, id DESC LIMIT 1 OFFSET ?',
        [trackerId, DEPTH],
      ),
    );
    const cursor = context
      .get(CursorCodec)
      .encode(`logs:${trackerId}`, { at: parseSqlDateTime(position!.logged_at), id: position!.id });
    const first = () => context.run(() => logs.list(user, trackerId, { limit: 50 }));
    const deep = () => context.run(() => logs.list(user, trackerId, { limit: 50, cursor }));
    const deepPage = await deep();
    if (deepPage.items.length !== 50 || deepPage.items[0]!.id === position!.id) throw new Error('Deep page is wrong');

    const samples = { first: [] as number[], deep: [] as number[] };
    for (let i = 0; i < 20; i++) await Promise.all([first(), deep()]);
    for (let i = 0; i < RUNS; i++) {
      for (const [name, work] of [
        ['first', first],
        ['deep', deep],
      ] as const) {
        const start = performance.now();
        await work();
        samples[name].push(performance.now() - start);
      }
    }
    const firstPage = summarize(samples.first);
    const deep900k = summarize(samples.deep);
    process.stderr.write(`P4 first page:             ${fmt(firstPage)}\n`);
    process.stderr.write(`P4 page 900,000 logs deep: ${fmt(deep900k)}\n`);

    const offsetSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await context.run(() =>
        em.execute('SELECT * FROM logs WHERE tracker_id = ? ORDER BY logged_at DESC, id DESC LIMIT 50 OFFSET ?', [
          trackerId,
          DEPTH,
        ]),
      );
      offsetSamples.push(performance.now() - start);
    }
    const offsetBaseline = summarize(offsetSamples);
    process.stderr.write(`P4 contrast, OFFSET ${DEPTH}:  ${fmt(offsetBaseline)}\n`);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      id: 'P4',
      depth: DEPTH,
      firstPage,
      deepPage: deep900k,
      ratioP50: ratio(deep900k.p50, firstPage.p50),
      ratioP95: ratio(deep900k.p95, firstPage.p95),
      offsetBaseline,
    };
  } finally {
    await context.close();
  }
}
