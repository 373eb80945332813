import { createConnection } from 'mysql2/promise';
import { testConfig } from '../../../../../test/support/test-config';
import { ensureDatabaseExists, migrateUp } from '@tally/platform';
import { ENTITIES } from '../entities';
import { seedDemoAccount } from './demo-account';
import { DEMO_ACCOUNT } from './demo-data';

const base = testConfig();
const db = { ...base.database, name: `${base.database.name}_seed` };
const config = { ...base, database: db };

async function query<T>(sql: string): Promise<T[]> {
  const connection = await createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
  });
  try {
    return (await connection.query(sql))[0] as T[];
  } finally {
    await connection.end();
  }
}

describe('the demo account seeder', () => {
  beforeAll(async () => {
    const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    await connection.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
    await connection.end();
    await ensureDatabaseExists(db);
    await migrateUp(db, ENTITIES);
  });
  afterAll(async () => {
    await query(`DROP DATABASE IF EXISTS \`${db.name}\``);
  });

  it('seeds a confirmed demo user with ~90 days of logs on a few trackers, only into an empty database', async () => {
    expect(await seedDemoAccount(config)).toEqual({ created: true, demoAvailable: true });

    const [user] = await query<{ email: string; confirmed: number }>(
      `SELECT email, confirmed_at IS NOT NULL AS confirmed FROM users`,
    );
    expect(user).toEqual({ email: DEMO_ACCOUNT.email, confirmed: 1 });

    const trackers = await query<{ name: string; type: string; logs: number; days: number; span: number }>(
      `SELECT t.name, t.type, COUNT(l.id) AS logs, COUNT(DISTINCT DATE(l.logged_at)) AS days,
              DATEDIFF(MAX(l.logged_at), MIN(l.logged_at)) AS span
         FROM trackers t LEFT JOIN logs l ON l.tracker_id = t.id GROUP BY t.id ORDER BY t.name`,
    );
    expect(trackers.map((t) => t.name)).toEqual(['Coffee spend', 'Journal', 'Running', 'Sleep']);
    for (const tracker of trackers) {
      expect(Number(tracker.span)).toBeGreaterThanOrEqual(80);
      expect(Number(tracker.logs)).toBeGreaterThan(25);
    }
    // Last month is whole (the logs reach back ~90 days) and has sign-ins, so its monthly report has content.
    const [lastMonth] = await query<{ logs: number; logins: number }>(
      `SELECT (SELECT COUNT(*) FROM logs WHERE DATE_FORMAT(logged_at, '%Y-%m') = DATE_FORMAT(NOW() - INTERVAL 1 MONTH, '%Y-%m')) AS logs,
              (SELECT COUNT(*) FROM login_events WHERE DATE_FORMAT(at, '%Y-%m') = DATE_FORMAT(NOW() - INTERVAL 1 MONTH, '%Y-%m')) AS logins`,
    );
    expect(Number(lastMonth!.logs)).toBeGreaterThan(50);
    expect(Number(lastMonth!.logins)).toBeGreaterThan(3);
    const notes = await query<{ bad: number }>(
      `SELECT COUNT(*) AS bad FROM logs l JOIN trackers t ON t.id = l.tracker_id
        WHERE (t.type = 'note' AND (l.value IS NOT NULL OR l.description IS NULL)) OR (t.type = 'numerical' AND l.value IS NULL)`,
    );
    expect(Number(notes[0]!.bad)).toBe(0);
    // Counts and stats read the rollups: they must add up to the seeded logs at every slot width.
    const rollups = await query<{ name: string; logs: number; r30: number; r60: number }>(
      `SELECT t.name, (SELECT COUNT(*) FROM logs l WHERE l.tracker_id = t.id) AS logs,
              (SELECT SUM(log_count) FROM log_rollups r WHERE r.tracker_id = t.id AND slot_minutes = 30) AS r30,
              (SELECT SUM(log_count) FROM log_rollups r WHERE r.tracker_id = t.id AND slot_minutes = 60) AS r60
         FROM trackers t`,
    );
    for (const row of rollups)
      expect({ ...row, r30: Number(row.r30), r60: Number(row.r60) }).toEqual({
        ...row,
        r30: Number(row.logs),
        r60: Number(row.logs),
      });

    const future = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM logs WHERE logged_at > UTC_TIMESTAMP(3)`);
    expect(Number(future[0]!.n)).toBe(0);

    expect(await seedDemoAccount(config)).toEqual({ created: false, demoAvailable: true });
    expect((await query<{ n: number }>(`SELECT COUNT(*) AS n FROM users`))[0]!.n).toBe(1);
  });
});
