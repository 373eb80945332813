import { EntityManager } from '@mikro-orm/mysql';
import { localTimeSql, offsetSegments } from '@tally/platform';
import { Emotion, TrackerStatsService } from '@tally/logs';
import { TrackersModule } from '@tally/trackers';
import { benchConfig, createBenchContext } from './context';
import { BENCH_ZONE, ensureDataset, MILLION_LOGS } from './generate';
import { fmt, time, Timing } from './measure';

export interface P3Result {
  id: 'P3';
  logs: number;
  statsDay: Timing;
  statsWeek: Timing;
  /** The same in a half-hour zone, which needs the quarter-hour rollups (4× the rows). */
  statsDayKolkata: Timing;
  naiveDay: Timing;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * P3: stats over one year (day buckets, America/New_York, across both DST changes) of a tracker
 * with 1,000,000 logs, cache off (the service's uncached `compute`). Baseline, same run: the same
 * buckets grouped straight from the logs table, as it would be without the rollups.
 */
export async function benchStats(): Promise<P3Result> {
  const dataset = await ensureDataset();
  const context = await createBenchContext(benchConfig(), [TrackersModule]);
  try {
    const stats = context.get(TrackerStatsService);
    const to = dataset.endsAt;
    const from = new Date(to.getTime() - YEAR_MS);
    const compute = (bucket: 'day' | 'week', zone = BENCH_ZONE) =>
      context.run(() => stats.compute(dataset.millionUserId, zone, dataset.millionTrackerId, { from, to }, bucket));
    const check = await compute('day');
    if (check.totals.count < MILLION_LOGS * 0.99)
      throw new Error(`Expected ~1M logs in range, got ${check.totals.count}`);
    const statsDay = await time(() => compute('day'), 60, 5);
    process.stderr.write(`P3 stats, 1 year by day, 1M logs:   ${fmt(statsDay)}\n`);
    const statsWeek = await time(() => compute('week'), 30, 2);
    process.stderr.write(`P3 stats, 1 year by week, 1M logs:  ${fmt(statsWeek)}\n`);
    const statsDayKolkata = await time(() => compute('day', 'Asia/Kolkata'), 30, 2);
    process.stderr.write(`P3 stats by day in Asia/Kolkata:    ${fmt(statsDayKolkata)}\n`);

    const em = context.get(EntityManager);
    const local = localTimeSql('logged_at', offsetSegments(BENCH_ZONE, from, to));
    const emotions = Object.values(Emotion)
      .map((e) => `SUM(emotion <=> '${e}')`)
      .join(', ');
    const naive = () =>
      context.run(() =>
        em.execute(
          `SELECT DATE_FORMAT(${local.sql}, '%Y-%m-%d') AS d, COUNT(*), SUM(value), MIN(value), MAX(value), ${emotions}
           FROM logs WHERE tracker_id = ? AND logged_at >= ? AND logged_at <= ? GROUP BY d WITH ROLLUP`,
          [...local.params, dataset.millionTrackerId, from, to],
        ),
      );
    const naiveDay = await time(naive, 3, 1);
    process.stderr.write(`P3 baseline, GROUP BY over the logs: ${fmt(naiveDay)}\n`);
    return { id: 'P3', logs: check.totals.count, statsDay, statsWeek, statsDayKolkata, naiveDay };
  } finally {
    await context.close();
  }
}
