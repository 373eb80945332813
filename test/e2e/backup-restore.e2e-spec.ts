import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUserVia, signIn } from '../support/sign-in';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * docs/deploy.md "Backups": the dump command it gives (mysqldump --single-transaction
 * --routines --triggers), restored into an empty database with the mysql client, gives back every
 * table row for row, and the api started on the restored database serves the same data.
 */
describe('backup and restore (docs/deploy.md)', () => {
  const config = testConfig();
  const db = config.database;
  const restored = `${db.name}_restore`;
  const dir = mkdtempSync(join(tmpdir(), 'tally-backup-'));
  const client = (database?: string) => [
    `-h${db.host}`,
    `-P${db.port}`,
    `-u${db.user}`,
    ...(db.password ? [`-p${db.password}`] : []),
    ...(database ? [database] : []),
  ];
  const sql = (statement: string, database?: string) =>
    execFileSync('mysql', [...client(database), '-N', '-B', '-e', statement], { encoding: 'utf8' });
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApi(config);
  });
  afterAll(async () => {
    await api?.close();
    sql(`DROP DATABASE IF EXISTS \`${restored}\``);
    rmSync(dir, { recursive: true, force: true });
  });

  it('dumps while the api runs, restores into an empty database, and the api serves the same data from it', async () => {
    const user = await createUserVia(api);
    const headers = await signIn(api, user);
    const tracker = await json(
      await api.request('/api/v1/trackers', {
        method: 'POST',
        headers,
        json: { name: 'Backup ✓ 日本', type: 'numerical' },
      }),
    );
    for (const value of [1, 2.5, 4]) {
      const res = await api.request(`/api/v1/trackers/${tracker.id}/logs`, {
        method: 'POST',
        headers,
        json: { value },
      });
      expect(res.status).toBe(201);
    }
    const before = await json(await api.request(`/api/v1/trackers/${tracker.id}`, { headers }));

    const file = join(dir, 'tally.sql');
    const started = Date.now();
    const dump = spawnSync(
      'sh',
      [
        '-c',
        `mysqldump "$@" --single-transaction --routines --triggers --default-character-set=utf8mb4 > "${file}"`,
        'dump',
        ...client(db.name),
      ],
      { encoding: 'utf8' },
    );
    expect(dump.stderr).toBe('');
    expect(dump.status).toBe(0);
    sql(
      `DROP DATABASE IF EXISTS \`${restored}\`; CREATE DATABASE \`${restored}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`,
    );
    const input = openSync(file, 'r');
    const restore = spawnSync('mysql', [...client(restored), '--default-character-set=utf8mb4'], {
      stdio: [input, 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    closeSync(input);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    const ms = Date.now() - started;

    // Every table, row for row (CHECKSUM TABLE reads every row).
    const tables = sql(`SHOW TABLES`, db.name).trim().split('\n');
    expect(tables.length).toBeGreaterThan(5);
    expect(sql(`SHOW TABLES`, restored).trim().split('\n')).toEqual(tables);
    const checksums = (database: string) =>
      sql(`CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`, database)
        .trim()
        .split('\n')
        .map((line) => line.split('\t').slice(1).join('\t'));
    expect(checksums(restored)).toEqual(checksums(db.name));
    process.stdout.write(
      `backup/restore: ${tables.length} tables, dump ${statSync(file).size} bytes, dump+restore ${ms} ms\n`,
    );

    // The api on the restored database: the same user signs in and sees the same tracker.
    const second = await startApi(testConfig({ DB_NAME: restored }));
    try {
      const again = await signIn(second, user);
      const after = await json(await second.request(`/api/v1/trackers/${tracker.id}`, { headers: again }));
      expect(after).toEqual(before);
      expect(after.name).toBe('Backup ✓ 日本');
    } finally {
      await second.close();
    }
  });
});
