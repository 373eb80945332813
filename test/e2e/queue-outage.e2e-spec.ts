import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QueueName } from '@tally/platform';
import { ReminderSchedule } from '../../apps/worker/src/schedules/reminder.schedule';
import { signUp } from '../support/auth';
import { eventually } from '../support/processes';
import { PrivateRedis } from '../support/redis-server';
import { SmtpSink } from '../support/smtp-sink';
import { json, RunningApp, startApi, startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * R3: Redis is only the alarm clock. 1,000 event reminders are pending as delayed jobs when Redis
 * dies and comes back empty (no persistence); MySQL still knows them, the worker's sweep enqueues
 * them again, and each is emailed once.
 */
describe('R3: a Redis restart with 1,000 pending event reminders', () => {
  let redis: PrivateRedis;
  let sink: SmtpSink;
  let api: RunningApp;
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    sink = await SmtpSink.start();
    const config = testConfig({ SMTP_URL: sink.url, REDIS_URL: redis.url });
    api = await startApi(config);
    worker = await startWorker(config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
    await redis?.stop();
  });

  it('loses none: they are enqueued again from MySQL and each is sent once', async () => {
    const ada = await signUp(api);
    const tracker = await json(
      await api.request('/api/v1/trackers', {
        method: 'POST',
        headers: ada.headers,
        json: { name: 'Chores', type: 'note' },
      }),
    );
    const due = new Date(Date.now() + 40_000).toISOString();
    const messages = Array.from({ length: 1_000 }, (_, i) => `R3 chore ${i}`);
    for (let start = 0; start < messages.length; start += 25) {
      await Promise.all(
        messages.slice(start, start + 25).map(async (message) => {
          const res = await api.request(`/api/v1/trackers/${tracker.id}/logs`, {
            method: 'POST',
            headers: ada.headers,
            json: { description: 'to do', reminderMessage: message, reminderAt: due },
          });
          if (res.status !== 201) throw new Error(`log not created: ${res.status} ${await res.text()}`);
        }),
      );
    }
    const reminders = worker.app.get<Queue>(getQueueToken(QueueName.Reminders));
    const before = await reminders.getDelayedCount();
    expect(before).toBe(1_000);

    await redis.down();
    await redis.up();
    expect(await eventually(async () => (await reminders.getDelayedCount().catch(() => -1)) === 0, 10_000)).toBe(true);

    // The worker's minute tick, a little faster: the first one after the restart re-enqueues them all.
    const schedule = worker.app.get(ReminderSchedule);
    const received = () => sink.messages.filter((m) => m.subject.startsWith('Reminder: R3 chore')).length;
    let swept = 0;
    const done = await eventually(
      async () => {
        swept += (await schedule.tick(new Date()).catch(() => ({ events: 0 }))).events;
        return received() >= 1_000;
      },
      240_000,
      5_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const subjects = sink.messages.filter((m) => m.subject.startsWith('Reminder: R3 chore')).map((m) => m.subject);
    const distinct = new Set(subjects);
    console.log(
      `R3: ${before} delayed reminder jobs before the restart, 0 after; the sweep re-enqueued them (${swept} seen due over its ticks); ` +
        `${distinct.size} distinct reminders mailed, ${subjects.length} mails`,
    );
    expect(done).toBe(true);
    expect(distinct.size).toBe(1_000);
    expect(subjects).toHaveLength(1_000);
  }, 330_000);
});
