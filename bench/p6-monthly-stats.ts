import { EntityManager } from '@mikro-orm/mysql';
import { seededRandom } from '@tally/platform';
import { Emotion } from '@tally/logs';
import { MonthlyStatsService, ReportsModule, zoneMonths } from '@tally/reports';
import { TrackerType } from '@tally/trackers';
import { performance } from 'node:perf_hooks';
import { benchConfig, createBenchContext, migrateBenchDatabase, rawConnection } from './context';

export interface P6Result {
  id: 'P6';
  users: number;
  logs: number;
  month: string;
  /** The set-based computation of every user's month: seconds, and users per second. */
  setBasedS: number;
  setBasedUsersPerS: number;
  /** The set-based run again, after the baseline (the machine is shared: load moves between runs). */
  setBasedAgainS: number;
  /** The same rows, one user at a time (a handful of queries and an upsert per user). */
  naiveS: number;
  naiveUsersPerS: number;
  /** Rows the two wrote that differ (must be 0). */
  mismatches: number;
}

export const P6_USERS = 10_000;
const LOGS_PER_USER = 30;
const TRACKERS_PER_USER = 3;
const MONTH = '2026-10';
/** Zones of every kind: whole hours with and without DST (both hemispheres), half and quarter hours. */
const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu'];
/** Changed whenever the generated data changes, so an older data set is rebuilt. */
const PREFIX = 'p6v2_';
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** P6 has a database of its own (the main one + `_p6`), so its 10,000 users never mix with other data. */
function p6Config() {
  const base = benchConfig();
  return { ...base, database: { ...base.database, name: `${base.database.name}_p6` } };
}

/** 10,000 users in six zones, each with 3 trackers (some created in October) and 30 logs in October 2026, 2 sign-ins. */
async function ensureUsers(config: ReturnType<typeof p6Config>): Promise<{ ids: number[]; logs: number }> {
  await migrateBenchDatabase(config);
  const db = await rawConnection(config);
  try {
    const [found] = (await db.query(
      `SELECT COUNT(*) AS n, (SELECT COUNT(*) FROM logs) AS logs FROM users WHERE username LIKE '${PREFIX}%'`,
    )) as unknown as [Array<{ n: number; logs: number }>];
    if (Number(found[0]!.n) !== P6_USERS) {
      const started = performance.now();
      await db.query('DELETE FROM users');
      await db.query('SET unique_checks = 0, foreign_key_checks = 0');
      const random = seededRandom(6);
      const emotions = [...Object.values(Emotion), null, null];
      // Every log falls in October in all six zones (UTC-5 … UTC+11): from 1 October 12:00 to 31 October 10:00 UTC.
      const monthStart = Date.parse('2026-10-01T12:00:00Z');
      const span = Date.parse('2026-10-31T10:00:00Z') - monthStart;
      for (let first = 0; first < P6_USERS; first += 1_000) {
        const users = Array.from({ length: 1_000 }, (_, i) => {
          const n = first + i;
          return [`${PREFIX}${n}`, `${PREFIX}${n}@bench.test`, 'x', ZONES[n % ZONES.length], '2026-01-01'];
        });
        const [result] = (await db.query(
          'INSERT INTO users (username, email, password, timezone, created_at, updated_at, confirmed_at) VALUES ?',
          [users.map(([name, email, password, zone, at]) => [name, email, password, zone, at, at, at])],
        )) as unknown as [{ insertId: number }];
        const userIds = users.map((_, i) => result.insertId + i);
        const trackers = userIds.flatMap((userId) =>
          Array.from({ length: TRACKERS_PER_USER }, (_, t) => [
            userId,
            `Tracker ${t + 1}`,
            t === 2 ? TrackerType.Note : TrackerType.Numerical,
            sqlTime(monthStart - 20 * 86_400_000 + Math.round(random() * 40 * 86_400_000)),
          ]),
        );
        const [trackerResult] = (await db.query(
          'INSERT INTO trackers (user_id, name, type, created_at, updated_at) VALUES ?',
          [trackers.map(([userId, name, type, at]) => [userId, name, type, at, at])],
        )) as unknown as [{ insertId: number }];
        const logs: unknown[][] = [];
        trackers.forEach(([, , type], index) => {
          const trackerId = trackerResult.insertId + index;
          for (let l = 0; l < LOGS_PER_USER / TRACKERS_PER_USER; l++) {
            const at = sqlTime(monthStart + Math.round(random() * span));
            const created = sqlTime(Date.parse(`${at.replace(' ', 'T')}Z`) + Math.round(random() * 3 * 86_400_000));
            const note = type === TrackerType.Note;
            const emotion = emotions[Math.floor(random() * emotions.length)];
            logs.push([
              created,
              created,
              trackerId,
              at,
              note ? null : (random() * 100).toFixed(2),
              note ? 'A note' : null,
              emotion,
            ]);
          }
        });
        await db.query(
          'INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value, description, emotion) VALUES ?',
          [logs],
        );
        const logins = userIds.flatMap((userId) => [
          [userId, sqlTime(monthStart + Math.round(random() * span))],
          [userId, sqlTime(monthStart + Math.round(random() * span))],
        ]);
        await db.query('INSERT INTO login_events (user_id, at) VALUES ?', [logins]);
      }
      await db.query('SET unique_checks = 1, foreign_key_checks = 1');
      await db.query('ANALYZE TABLE users, trackers, logs, login_events');
      process.stderr.write(`P6: generated ${P6_USERS} users in ${Math.round(performance.now() - started)} ms\n`);
    }
    const [ids] = (await db.query(`SELECT id FROM users WHERE username LIKE '${PREFIX}%' ORDER BY id`)) as unknown as [
      Array<{ id: number }>,
    ];
    const [logs] = (await db.query('SELECT COUNT(*) AS n FROM logs')) as unknown as [Array<{ n: number }>];
    return { ids: ids.map((row) => row.id), logs: Number(logs[0]!.n) };
  } finally {
    await db.end();
  }
}

/** Sample of users the per-user baseline runs over (every zone is in it); its rate gives the 10,000 figure. */
const NAIVE_SAMPLE = 2_000;

const COLUMNS =
  'user_id, total_trackers, trackers_created, total_logs, logs_created, most_used_tracker_name, most_used_tracker_log_count, frequent_emotion, login_count';

/**
 * P6: last month's MonthlyStats for 10,000 users × 30 logs, set-based (MonthlyStatsService: one
 * INSERT … SELECT … ON DUPLICATE KEY UPDATE per thousand users, each in their own zone). Baseline,
 * same run: the same rows one user at a time, a few queries per user and an upsert, over a sample
 * of 2,000 users; both must write the same figures. The set-based run is timed before and after it.
 */
export async function benchMonthlyStats(): Promise<P6Result> {
  const config = p6Config();
  const { ids, logs } = await ensureUsers(config);
  const context = await createBenchContext(config, [ReportsModule]);
  try {
    const em = context.get(EntityManager);
    const service = context.get(MonthlyStatsService);
    const months = zoneMonths(ZONES, MONTH);
    await em.fork().execute('DELETE FROM monthly_stats');

    const started = performance.now();
    await context.run(() => service.compute(months, ids));
    const setBasedS = (performance.now() - started) / 1000;
    process.stderr.write(`P6 set-based, ${ids.length} users:   ${setBasedS.toFixed(2)} s\n`);

    const sample = ids.slice(0, NAIVE_SAMPLE);
    const read = async () =>
      (await em
        .fork()
        .execute(`SELECT ${COLUMNS} FROM monthly_stats WHERE month = ? AND user_id <= ? ORDER BY user_id`, [
          MONTH,
          sample[sample.length - 1],
        ])) as Array<Record<string, unknown>>;
    const setBased = await read();
    const naiveStarted = performance.now();
    for (const userId of sample) await context.run(() => naiveUser(em, userId));
    const naiveS = (performance.now() - naiveStarted) / 1000;
    process.stderr.write(`P6 baseline, one user at a time:   ${naiveS.toFixed(2)} s for ${sample.length} users\n`);
    const naive = await read();
    await em.fork().execute('DELETE FROM monthly_stats');
    const again = performance.now();
    await context.run(() => service.compute(months, ids));
    const setBasedAgainS = (performance.now() - again) / 1000;
    process.stderr.write(`P6 set-based again, after it:      ${setBasedAgainS.toFixed(2)} s\n`);
    const key = (row: Record<string, unknown>) => JSON.stringify(row);
    const naiveKeys = new Set(naive.map(key));
    const mismatches =
      setBased.filter((row) => !naiveKeys.has(key(row))).length + Math.abs(setBased.length - naive.length);
    process.stderr.write(
      `P6 same figures both ways: ${mismatches === 0 ? 'yes' : `no, ${mismatches} rows differ`} (${setBased.length} rows compared)\n`,
    );
    if (setBased.length < sample.length * 0.9)
      throw new Error(`Only ${setBased.length} rows for ${sample.length} users`);
    return {
      id: 'P6',
      users: ids.length,
      logs,
      month: MONTH,
      setBasedS: Math.round(setBasedS * 100) / 100,
      setBasedUsersPerS: Math.round(ids.length / setBasedS),
      setBasedAgainS: Math.round(setBasedAgainS * 100) / 100,
      naiveS: Math.round(naiveS * 100) / 100,
      naiveUsersPerS: Math.round(sample.length / naiveS),
      mismatches,
    };
  } finally {
    await context.close();
  }
}

/** The baseline: one user's month the obvious way, a query per figure (and per tracker), then an upsert. */
async function naiveUser(em: EntityManager, userId: number): Promise<void> {
  const [user] = await em.execute<Array<{ timezone: string }>>('SELECT timezone FROM users WHERE id = ?', [userId]);
  const { start, end } = zoneMonths([user!.timezone], MONTH)[0]!;
  const trackers = await em.execute<Array<{ id: number; name: string; created_at: string }>>(
    'SELECT id, name, created_at FROM trackers WHERE user_id = ? ORDER BY id',
    [userId],
  );
  const counts: Array<{ name: string; n: number }> = [];
  for (const tracker of trackers) {
    const [row] = await em.execute<Array<{ n: number }>>(
      'SELECT COUNT(*) AS n FROM logs WHERE tracker_id = ? AND logged_at >= ? AND logged_at < ?',
      [tracker.id, start, end],
    );
    counts.push({ name: tracker.name, n: Number(row!.n) });
  }
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  if (!total) return;
  const most = counts.reduce((best, c) => (c.n > best.n ? c : best));
  const [emotion] = await em.execute<Array<{ emotion: string }>>(
    `SELECT l.emotion FROM trackers t JOIN logs l ON l.tracker_id = t.id
     WHERE t.user_id = ? AND l.logged_at >= ? AND l.logged_at < ? AND l.emotion IS NOT NULL
     GROUP BY l.emotion ORDER BY COUNT(*) DESC, l.emotion LIMIT 1`,
    [userId, start, end],
  );
  const [created] = await em.execute<Array<{ n: number }>>(
    `SELECT COUNT(*) AS n FROM trackers t JOIN logs l ON l.tracker_id = t.id
     WHERE t.user_id = ? AND l.created_at >= ? AND l.created_at < ?`,
    [userId, start, end],
  );
  const [logins] = await em.execute<Array<{ n: number }>>(
    'SELECT COUNT(*) AS n FROM login_events WHERE user_id = ? AND at >= ? AND at < ?',
    [userId, start, end],
  );
  const at = (row: { created_at: string }) => new Date(`${String(row.created_at).replace(' ', 'T')}Z`);
  await em.execute(
    `INSERT INTO monthly_stats (user_id, month, total_trackers, trackers_created, total_logs, logs_created,
       most_used_tracker_name, most_used_tracker_log_count, frequent_emotion, login_count, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE total_trackers = VALUES(total_trackers), trackers_created = VALUES(trackers_created),
       total_logs = VALUES(total_logs), logs_created = VALUES(logs_created),
       most_used_tracker_name = VALUES(most_used_tracker_name), most_used_tracker_log_count = VALUES(most_used_tracker_log_count),
       frequent_emotion = VALUES(frequent_emotion), login_count = VALUES(login_count), computed_at = VALUES(computed_at)`,
    [
      userId,
      MONTH,
      trackers.filter((t) => at(t) < end).length,
      trackers.filter((t) => at(t) >= start && at(t) < end).length,
      total,
      Number(created!.n),
      most.name,
      most.n,
      emotion?.emotion ?? null,
      Number(logins!.n),
      new Date(),
    ],
    'run',
  );
}
