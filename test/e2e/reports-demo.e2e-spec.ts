import { ensureDatabaseExists, migrateUp } from '@tally/platform';
import { DateTime } from 'luxon';
import { createConnection } from 'mysql2/promise';
import { seedDemoAccount } from '../../apps/api/src/database/seeders/demo-account';
import { DEMO_ACCOUNT } from '../../apps/api/src/database/seeders/demo-data';
import { ENTITIES } from '../../apps/api/src/database/entities';
import { login } from '../support/auth';
import { SmtpSink } from '../support/smtp-sink';
import { json, RunningApp, startApi, startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * The README's demo, as `npm start` sets it up: a database holding only the seeded demo account,
 * an api and a worker; one API call sends the demo's report of last month, which arrives by mail.
 */
describe('the demo account’s report of last month, sent with one API call', () => {
  const base = testConfig();
  let sink: SmtpSink;
  let api: RunningApp;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: typeof base.database;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    db = { ...base.database, name: `${base.database.name}_demo` };
    const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    await connection.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
    await connection.end();
    await ensureDatabaseExists(db);
    await migrateUp(db, ENTITIES);
    const config = { ...testConfig({ SMTP_URL: sink.url }), database: db };
    expect(await seedDemoAccount(config)).toEqual({ created: true, demoAvailable: true });
    api = await startApi(config);
    worker = await startWorker(config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
    const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    await connection.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
    await connection.end();
  });

  it('POST /api/v1/reports/{last month}/send → 202, then the report in the mailbox', async () => {
    const demo = await login(api, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    const lastMonth = DateTime.now().setZone(DEMO_ACCOUNT.timezone).minus({ months: 1 });
    const month = lastMonth.toFormat('yyyy-MM');
    const months = await json(await api.request('/api/v1/reports', { headers: demo.headers }));
    expect(months.items.map((m: { month: string }) => m.month)).toContain(month);

    const res = await api.request(`/api/v1/reports/${month}/send`, { method: 'POST', headers: demo.headers });
    expect(res.status).toBe(202);
    const mail = await sink.waitForMail(
      DEMO_ACCOUNT.email,
      new RegExp(`Tally report for ${lastMonth.setLocale('en').toFormat('LLLL yyyy')}`),
      90_000,
    );
    // The demo's setting is the default, pdf: the report is attached.
    expect(mail.parsed.attachments.map((a) => a.filename)).toContain(`tally-report-${month}.pdf`);
  });
});
