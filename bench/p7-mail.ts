import { NotificationsModule, MailOutbox, ReminderScheduler } from '@tally/notifications';
import { pooled } from '@tally/platform';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort, procMemory, ROOT } from './api-process';
import { benchConfig, createBenchContext, migrateBenchDatabase, rawConnection } from './context';

export interface P7Result {
  id: 'P7';
  mails: number;
  /** Reminders decided, queued, composed and delivered by one built worker process. */
  worker: { seconds: number; perSecond: number; delivered: number; recipients: number; twice: number; rssMb: number };
  /** The same number of mails sent straight into the same sink by nodemailer, same pool size. */
  baseline: { seconds: number; perSecond: number };
}

const MAILS = Number(process.env.BENCH_P7_MAILS ?? 10_000);
const WORKER_ENTRY = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

/**
 * A sink that only counts: the recipient and Message-ID of each mail, read from its headers, so
 * the benchmark measures the worker, not a MIME parser.
 */
async function countingSink() {
  const received = new Map<string, number>();
  const ids = new Set<string>();
  let total = 0;
  let twice = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n', 1)[0]!;
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '';
        if (ids.has(id)) twice++;
        ids.add(id);
        for (const to of session.envelope.rcptTo) received.set(to.address, (received.get(to.address) ?? 0) + 1);
        total++;
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    counts: () => ({ total, recipients: received.size, twice }),
    reset: () => {
      received.clear();
      ids.clear();
      total = 0;
      twice = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * P7: 10,000 daily reminders decided by the scheduler, queued through Bull and delivered by one
 * built worker process into a local SMTP sink: each exactly once, ≥ 300 mails/s. Beside it, in the
 * same run, nodemailer alone pushing as many mails into the same sink over the same pool: the
 * ceiling the worker's composing, queueing and bookkeeping are measured against.
 */
export async function benchMail(): Promise<P7Result> {
  const base = benchConfig();
  const config = { ...base, database: { ...base.database, name: `${base.database.name}_mail` } };
  const sink = await countingSink();
  const db = await rawConnection({ ...config, database: { ...config.database, name: 'mysql' } });
  await db.query(`DROP DATABASE IF EXISTS \`${config.database.name}\``);
  await db.end();
  await migrateBenchDatabase(config);

  // 10,000 confirmed users, each due a daily reminder at 20:00 UTC with nothing logged.
  const sql = await rawConnection(config);
  for (let from = 1; from <= MAILS; from += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, MAILS - from + 1) }, (_, i) => {
      const name = `p7_${from + i}`;
      return [name, `${name}@example.test`, 'x', 'UTC', 'user', 1, new Date(), new Date(), new Date(), 0];
    });
    await sql.query(
      `INSERT INTO users (username, email, password, timezone, role, active, confirmed_at, created_at, updated_at, login_count) VALUES ?`,
      [rows],
    );
  }
  await sql.query(
    `INSERT INTO notification_settings (user_id, frequency, time, weekday, event_reminders)
     SELECT id, 'daily', '20:00', 0, 1 FROM users`,
  );
  await sql.end();

  // The baseline first: nodemailer, the same pooled transport the worker uses, 8 at a time.
  const transport = createTransport(pooled(sink.url));
  let next = 0;
  const baselineStarted = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < MAILS) {
        const i = next++;
        await transport.sendMail({
          from: 'Tally <tally@example.test>',
          to: `p7_${i + 1}@example.test`,
          subject: 'Nothing logged today yet — a minute for Tally?',
          text: 'A reminder of the same size as the real one.\n'.repeat(20),
          html: `<p>${'A reminder of the same size as the real one. '.repeat(60)}</p>`,
        });
      }
    }),
  );
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;
  transport.close();
  sink.reset();

  // Then the product: one built worker process, its schedule off; the bench decides as a tick would.
  const db2 = config.database;
  const logFile = join(tmpdir(), `tally-bench-worker-${process.pid}.log`);
  const logFd = openSync(logFile, 'w');
  const healthPort = await freePort();
  const worker = spawn(process.execPath, [WORKER_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WORKER_HEALTH_PORT: String(healthPort),
      APP_URL: 'http://127.0.0.1:3000',
      DB_HOST: db2.host,
      DB_PORT: String(db2.port),
      DB_USER: db2.user,
      DB_PASSWORD: db2.password,
      DB_NAME: db2.name,
      REDIS_URL: config.redis.url,
      SMTP_URL: sink.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SCHEDULES: 'false',
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const context = await createBenchContext(config, [NotificationsModule]);
  try {
    for (let ready = false; !ready;) {
      if (worker.exitCode !== null)
        throw new Error(`The worker exited:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      ready = await fetch(`http://127.0.0.1:${healthPort}/health`)
        .then((res) => res.ok)
        .catch(() => false);
      if (!ready) await sleep(200);
    }
    const now = new Date();
    now.setUTCHours(20, 5, 0, 0);
    const started = performance.now();
    const decided = await context.run(() => context.get(ReminderScheduler).decide(now));
    await context.run(() => context.get(MailOutbox).enqueuePending(now));
    if (decided !== MAILS) throw new Error(`The scheduler decided ${decided} reminders, expected ${MAILS}`);
    const deadline = Date.now() + 600_000;
    while (sink.counts().recipients < MAILS && Date.now() < deadline) await sleep(50);
    const seconds = (performance.now() - started) / 1000;
    await sleep(2_000); // room for a late duplicate
    const counts = sink.counts();
    const rssMb = procMemory(worker.pid!).rssMb;
    process.stderr.write(
      `P7: ${counts.recipients} recipients, ${counts.total} mails (${counts.twice} twice) in ${seconds.toFixed(1)} s = ` +
        `${Math.round(counts.recipients / seconds)} mails/s; nodemailer alone ${Math.round(MAILS / baselineSeconds)} mails/s; worker RSS ${rssMb} MB\n`,
    );
    return {
      id: 'P7',
      mails: MAILS,
      worker: {
        seconds: round(seconds),
        perSecond: Math.round(counts.recipients / seconds),
        delivered: counts.total,
        recipients: counts.recipients,
        twice: counts.twice,
        rssMb,
      },
      baseline: { seconds: round(baselineSeconds), perSecond: Math.round(MAILS / baselineSeconds) },
    };
  } finally {
    worker.kill('SIGTERM');
    await context.close();
    await sink.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
