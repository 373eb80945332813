import { MikroORM } from '@mikro-orm/core';
import { MailDispatcher, OneTimeToken, OneTimeTokenPurpose, sha256, User } from '@tally/auth';
import { JobQueue } from '@tally/platform';
import { SmtpSink, tokenFromMail } from '../../../../test/support/smtp-sink';
import { startWorker } from '../../../../test/support/test-app';
import { testConfig } from '../../../../test/support/test-config';

/**
 * Each job runs in a MikroORM context of its own (@JobHandler), so a domain service that reads and
 * writes through the EntityManager works in the worker as it does in a request: here the mail job
 * loads its user and issues a one-time token (a row flushed in the job's unit of work), twelve at once.
 */
describe('a job runs in its own MikroORM context', () => {
  let sink: SmtpSink;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let orm: MikroORM;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    worker = await startWorker(testConfig({ SMTP_URL: sink.url }));
    orm = worker.app.get(MikroORM);
  });
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
  });

  async function unconfirmedUsers(count: number): Promise<User[]> {
    const em = orm.em.fork();
    const stamp = `${process.pid}${Date.now().toString(36)}`;
    const users = Array.from({ length: count }, (_, i) =>
      em.create(User, { username: `ctx${stamp}${i}`, email: `ctx${stamp}${i}@example.test`, password: 'x' }),
    );
    await em.flush();
    return users;
  }

  it('lets concurrent mail jobs each load their user and store their own token', async () => {
    const users = await unconfirmedUsers(12);
    const queue = worker.app.get(JobQueue);
    await Promise.all(
      users.map((user) => queue.enqueue('mail.send', { template: 'confirm-email', userId: user.id, data: {} })),
    );
    const mails = await Promise.all(users.map((user) => sink.waitForMail(user.email, /confirm your email/i)));

    const em = orm.em.fork();
    for (const [i, user] of users.entries()) {
      const tokens = await em.find(OneTimeToken, { user: user.id, purpose: OneTimeTokenPurpose.ConfirmEmail });
      expect(tokens.map((t) => t.tokenHash)).toEqual([sha256(tokenFromMail(mails[i]!))]);
    }
    console.log(`12 concurrent jobs: 12 mails, 12 token rows, each in its own job's unit of work`);
  });

  it('is what makes it work: the same service outside a job context is refused', async () => {
    const [user] = await unconfirmedUsers(1);
    await expect(
      worker.app.get(MailDispatcher).send({ template: 'confirm-email', userId: user!.id, data: {} }),
    ).rejects.toThrow(/global EntityManager/);
  });
});
