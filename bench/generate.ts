import { Emotion, LogRollupRepository, LogsModule } from '@tally/logs';
import { TrackerType } from '@tally/trackers';
import { seededRandom } from '@tally/platform';
import { performance } from 'node:perf_hooks';
import { benchConfig, createBenchContext, migrateBenchDatabase, rawConnection } from './context';

export const MILLION_USER = 'bench_million';
export const TWENTY_USER = 'bench_twenty';
export const MILLION_LOGS = 1_000_000;
export const BENCH_ZONE = 'America/New_York';
const BATCH = 5_000;
const YEAR_MS = 365 * 24 * 3600 * 1000;

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

export interface Dataset {
  millionUserId: number;
  millionTrackerId: number;
  twentyUserId: number;
  /** When the million logs end (the generation time): benchmarks ask for the year before it. */
  endsAt: Date;
}

/** Finds the dataset, or builds it when missing (or when `force`). */
export async function ensureDataset(force = false): Promise<Dataset> {
  const config = benchConfig();
  await migrateBenchDatabase(config);
  const db = await rawConnection(config);
  try {
    const [found] = (await db.query(
      `SELECT u.id AS user_id, t.id AS tracker_id,
         (SELECT COALESCE(SUM(log_count), 0) FROM log_rollups r WHERE r.tracker_id = t.id AND r.slot_minutes = 60) AS logs,
         (SELECT MAX(logged_at) FROM logs l WHERE l.tracker_id = t.id) AS last,
         (SELECT id FROM users WHERE username = ?) AS twenty
       FROM users u JOIN trackers t ON t.user_id = u.id WHERE u.username = ?`,
      [TWENTY_USER, MILLION_USER],
    )) as unknown as [Array<{ user_id: number; tracker_id: number; logs: string; last: Date; twenty: number | null }>];
    const row = found[0];
    if (!force && row && Number(row.logs) === MILLION_LOGS && row.twenty) {
      return {
        millionUserId: row.user_id,
        millionTrackerId: row.tracker_id,
        twentyUserId: row.twenty,
        endsAt: row.last,
      };
    }
    await db.query('DELETE FROM users WHERE username IN (?, ?)', [MILLION_USER, TWENTY_USER]);
    return await generate(config, db);
  } finally {
    await db.end();
  }
}

async function generate(config: ReturnType<typeof benchConfig>, db: Awaited<ReturnType<typeof rawConnection>>) {
  const started = performance.now();
  const now = Date.now();
  const endsAt = now - 60_000;
  const random = seededRandom(2025);
  const emotions = Object.values(Emotion);
  const insertUser = async (username: string) => {
    const [result] = (await db.query(
      `INSERT INTO users (created_at, updated_at, username, email, password, timezone) VALUES (NOW(3), NOW(3), ?, ?, ?, ?)`,
      [username, `${username}@bench.test`, '$2b$04$abcdefghijklmnopqrstuuLBE0V9hE6b1ZGr2t7RcqQ0nvzQ3Zz1e', BENCH_ZONE],
    )) as unknown as [{ insertId: number }];
    return result.insertId;
  };
  const insertTracker = async (userId: number, name: string) => {
    const [result] = (await db.query(
      `INSERT INTO trackers (created_at, updated_at, user_id, name, type, unit) VALUES (NOW(3), NOW(3), ?, ?, ?, 'units')`,
      [userId, name, TrackerType.Numerical],
    )) as unknown as [{ insertId: number }];
    return result.insertId;
  };
  const insertLogs = async (trackerId: number, count: number, from: number, to: number) => {
    const step = (to - from) / count;
    for (let start = 0; start < count; start += BATCH) {
      const rows: unknown[][] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const at = sqlTime(Math.round(from + i * step + random() * step));
        const emotion = random() < 0.33 ? null : emotions[Math.floor(random() * emotions.length)];
        rows.push([at, at, trackerId, at, (Math.round(random() * 10_000) / 100).toFixed(2), emotion]);
      }
      await db.query('INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value, emotion) VALUES ?', [
        rows,
      ]);
    }
  };

  // Bulk load: no per-row constraint checks, multi-row INSERTs of 5,000.
  await db.query('SET unique_checks = 0, foreign_key_checks = 0');
  const millionUserId = await insertUser(MILLION_USER);
  const millionTrackerId = await insertTracker(millionUserId, 'Million');
  await insertLogs(millionTrackerId, MILLION_LOGS, endsAt - YEAR_MS, endsAt);
  const loaded = performance.now();

  const twentyUserId = await insertUser(TWENTY_USER);
  const twenty: number[] = [];
  for (let t = 0; t < 20; t++) {
    const id = await insertTracker(twentyUserId, `Tracker ${t + 1}`);
    twenty.push(id);
    await insertLogs(id, 100, endsAt - 90 * 24 * 3600e3, endsAt);
  }
  await db.query('SET unique_checks = 1, foreign_key_checks = 1');

  // Rollups, set-based, with the same code imports use.
  const context = await createBenchContext(config, [LogsModule]);
  try {
    const rollups = context.get(LogRollupRepository);
    for (const trackerId of [millionTrackerId, ...twenty]) {
      await context.run(() => rollups.recomputeRange(trackerId, new Date(endsAt - YEAR_MS - 1), new Date(endsAt + 1)));
    }
  } finally {
    await context.close();
  }
  const done = performance.now();
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  process.stderr.write(
    `Generated ${MILLION_LOGS.toLocaleString('en')} logs in ${seconds(loaded - started)} s ` +
      `(${Math.round(MILLION_LOGS / ((loaded - started) / 1000)).toLocaleString('en')} rows/s), ` +
      `rollups and the 20-tracker user in ${seconds(done - loaded)} s more\n`,
  );
  return { millionUserId, millionTrackerId, twentyUserId, endsAt: new Date(endsAt) };
}
