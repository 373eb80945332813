import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { User } from '@tally/auth';
import { MailOutbox } from '@tally/notifications';
import { eventually, startProcess } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';
import { RunningApp, startApi, startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * Mail that must go once (reminders, reports) survives the failures of quality.md: a worker killed
 * mid-run (R1) and an SMTP server down for two minutes (R4). The mails are decided in the outbox as
 * the reminder scheduler decides them, and go out through real worker processes into an SMTP sink.
 */
describe('mail delivery through the outbox', () => {
  let sink: SmtpSink;
  let api: RunningApp;
  let config: ReturnType<typeof testConfig>;
  let orm: MikroORM;
  let batch = 0;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    config = testConfig({ SMTP_URL: sink.url });
    api = await startApi(config);
    orm = api.app.get(MikroORM);
  });
  afterAll(async () => {
    await api?.close();
    await sink?.close();
  });

  /** `count` confirmed users, each with one daily reminder decided in the outbox and queued. */
  async function decideReminders(count: number): Promise<string[]> {
    batch++;
    const stamp = `${process.pid.toString(36)}${Date.now().toString(36)}${batch}`;
    const em = orm.em.fork() as EntityManager;
    const users = Array.from({ length: count }, (_, i) =>
      em.create(User, {
        username: `m${stamp}${i}`,
        email: `m${stamp}${i}@example.test`,
        password: 'x',
        confirmedAt: new Date(),
      }),
    );
    await em.flush();
    await RequestContext.create(orm.em, async () => {
      const outbox = api.app.get(MailOutbox);
      for (const user of users) {
        const once = `reminder:daily:${user.id}:2026-12-01`;
        await outbox.add({ template: 'daily-reminder', userId: user.id, data: { date: '2026-12-01' }, once });
      }
      await outbox.enqueuePending();
    });
    return users.map((user) => user.email);
  }

  /** Who got how many: by recipient, and by Message-ID (a copy re-sent after a crash carries the same one). */
  const deliveries = (emails: string[]) => {
    const wanted = new Set(emails);
    const counts = new Map<string, number>();
    const ids = new Map<string, Set<string>>();
    for (const mail of sink.messages) {
      for (const to of mail.to) {
        if (!wanted.has(to)) continue;
        counts.set(to, (counts.get(to) ?? 0) + 1);
        ids.set(to, (ids.get(to) ?? new Set()).add(mail.parsed.messageId ?? ''));
      }
    }
    return {
      distinct: counts.size,
      total: [...counts.values()].reduce((a, b) => a + b, 0),
      twice: [...counts.values()].filter((n) => n > 1).length,
      /** Recipients whose copies carry different Message-IDs: two different mails, never acceptable. */
      differentMails: [...ids.values()].filter((set) => set.size > 1).length,
    };
  };

  it('R1: a worker killed with SIGKILL while 1,000 mails go out, then started again, delivers each exactly once', async () => {
    const emails = await decideReminders(1_000);
    const first = await startProcess('worker', config);
    expect(await eventually(() => deliveries(emails).total >= 250, 120_000)).toBe(true);
    first.kill('SIGKILL');
    await first.exited;
    const atKill = deliveries(emails).total;

    const started = Date.now();
    const second = await startProcess('worker', config);
    try {
      // Jobs the dead worker held are taken up again once their lock expires (Bull's stalled check).
      const done = await eventually(() => deliveries(emails).distinct === 1_000, 150_000, 500);
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // room for a late duplicate
      const result = deliveries(emails);
      console.log(
        `R1: ${atKill} of 1,000 delivered when the worker was killed; the restarted worker delivered the rest in ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s; ${result.distinct} recipients, ${result.total} mails, ` +
          `${result.twice} received twice (same Message-ID)`,
      );
      expect(done).toBe(true);
      expect(result.distinct).toBe(1_000);
      expect(result.differentMails).toBe(0);
      // The one gap SMTP leaves (RFC 1047): a mail the server accepted in the instant before the
      // worker died, before the outbox could note it, goes again — with the same Message-ID, which
      // mail clients show once. At most the mails that were in flight (8 at a time) can be in it.
      expect(result.twice).toBeLessThanOrEqual(8);
    } finally {
      second.kill('SIGTERM');
      await second.exited;
    }
  }, 300_000);

  it('R4: mail decided while the SMTP server is down for two minutes is retried with backoff and delivered, none lost', async () => {
    const worker = await startWorker(config);
    try {
      sink.failing = true;
      const emails = await decideReminders(200);
      const refusedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 120_000));
      expect(deliveries(emails).total).toBe(0);
      sink.failing = false;
      const delivered = await eventually(() => deliveries(emails).distinct === 200, 150_000, 500);
      const result = deliveries(emails);
      console.log(
        `R4: SMTP refused mail for 120 s; all ${result.distinct} delivered ${((Date.now() - refusedAt) / 1000).toFixed(0)} s ` +
          `after the first refusal (exponential backoff from 10 s), ${result.twice} twice`,
      );
      expect(delivered).toBe(true);
      expect(result).toMatchObject({ distinct: 200, total: 200, twice: 0 });
    } finally {
      sink.failing = false;
      await worker.close();
    }
  }, 330_000);
});
