import { createPool } from 'mysql2/promise';
import { BENCH_PASSWORD, flushBenchRedis, procCpuMs, setBenchPassword, signIn, startApi } from './api-process';
import { benchConfig, rawConnection } from './context';
import { ensureDataset } from './generate';
import { alternate, autocannonRun, closedLoop, fmtRun, LoadRun } from './load';

export interface P2Result {
  id: 'P2';
  connections: number;
  seconds: number;
  rounds: number;
  trackers: number;
  api: LoadRun;
  raw: LoadRun;
  /** api throughput as a % of raw single-row INSERTs. */
  ratioPct: number;
  /** The api's CPU time per request during its rounds (user + system, from /proc). */
  cpuUsPerRequest: number;
}

const WRITER = 'bench_writer';
const CONNECTIONS = 20;
const TRACKERS = 20;
const SECONDS = 10;
const ROUNDS = 3;

const sqlNow = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

/**
 * P2: `POST /api/v1/trackers/:id/logs` on the built api (production mode), 20 connections, each
 * request to the next of a user's 20 trackers (as many users logging at once would), against raw
 * mysql2 single-row INSERTs into the same table from 20 pooled connections, one tracker each.
 * Alternated, three times each, after a warm-up of both. The writer is a fresh user every run.
 */
export async function benchWrite(): Promise<P2Result> {
  await ensureDataset();
  const config = benchConfig();
  const db = await rawConnection(config);
  const trackerIds: number[] = [];
  try {
    await db.query('DELETE FROM users WHERE username = ?', [WRITER]);
    const [user] = (await db.query(
      `INSERT INTO users (created_at, updated_at, username, email, password) VALUES (NOW(3), NOW(3), ?, ?, 'x')`,
      [WRITER, `${WRITER}@bench.test`],
    )) as unknown as [{ insertId: number }];
    for (let t = 0; t < TRACKERS; t++) {
      const [tracker] = (await db.query(
        `INSERT INTO trackers (created_at, updated_at, user_id, name, type, unit) VALUES (NOW(3), NOW(3), ?, ?, 'numerical', 'units')`,
        [user.insertId, `Writes ${t + 1}`],
      )) as unknown as [{ insertId: number }];
      trackerIds.push(tracker.insertId);
    }
  } finally {
    await db.end();
  }
  await setBenchPassword([WRITER]);
  await flushBenchRedis();
  const api = await startApi();
  const pool = createPool({
    host: config.database.host,
    port: config.database.port,
    user: config.database.user,
    password: config.database.password,
    database: config.database.name,
    timezone: 'Z',
    connectionLimit: CONNECTIONS,
  });
  try {
    const authorization = await signIn(api.url, WRITER, BENCH_PASSWORD);
    const body = JSON.stringify({ value: 12.5, emotion: 'calm' });
    const probe = await fetch(`${api.url}/api/v1/trackers/${trackerIds[0]}/logs`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body,
    });
    if (probe.status !== 201) throw new Error(`POST logs answered ${probe.status}: ${await probe.text()}`);

    const viaApi = (seconds: number) =>
      autocannonRun({
        url: api.url,
        connections: CONNECTIONS,
        seconds,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        request: (n) => ({ path: `/api/v1/trackers/${trackerIds[n % TRACKERS]}/logs`, body }),
      });
    const raw = (seconds: number) =>
      closedLoop(CONNECTIONS, seconds, (loop) => {
        const now = sqlNow();
        return pool.query(
          'INSERT INTO logs (created_at, updated_at, tracker_id, logged_at, value, emotion) VALUES (?, ?, ?, ?, ?, ?)',
          [now, now, trackerIds[loop % TRACKERS], now, '12.5000', 'calm'],
        );
      });
    await viaApi(3);
    await raw(3);
    const load = await alternate({
      id: 'P2',
      labels: ['api', 'raw'],
      rounds: ROUNDS,
      seconds: SECONDS,
      api: () => viaApi(SECONDS),
      baseline: () => raw(SECONDS),
      apiCpuMs: () => procCpuMs(api.pid),
    });
    const result: P2Result = {
      id: 'P2',
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      trackers: TRACKERS,
      api: load.api,
      raw: load.baseline,
      ratioPct: load.ratioPct,
      cpuUsPerRequest: load.cpuUsPerRequest,
    };
    process.stderr.write(
      `P2 api ${fmtRun(load.api)} | raw ${fmtRun(load.baseline)} → ${result.ratioPct} %; api CPU ${result.cpuUsPerRequest} µs/request\n`,
    );
    return result;
  } finally {
    await pool.end();
    await api.stop();
    const cleanup = await rawConnection(config);
    await cleanup.query('DELETE FROM users WHERE username = ?', [WRITER]).finally(() => cleanup.end());
  }
}
