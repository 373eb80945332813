import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { JobQueue, QueueName } from '@tally/platform';
import { eventually } from '../support/processes';
import { PrivateRedis } from '../support/redis-server';
import { startWorker } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * R7: completed and failed jobs are kept only a bounded while (removeOnComplete/removeOnFail in
 * queue.definitions.ts), so Redis memory levels off however many jobs go through. 100,000 jobs run
 * through a worker on a Redis of the test's own; its memory is read after each tenth.
 */
describe('R7: Redis memory under 100,000 completed jobs', () => {
  let redis: PrivateRedis;
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    worker = await startWorker(testConfig({ REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
  });

  it('levels off: memory after 100,000 jobs is within 10 % of memory after 20,000', async () => {
    const jobs = worker.app.get(JobQueue);
    const queue = worker.app.get<Queue>(getQueueToken(QueueName.System));
    const samples: Array<{ done: number; bytes: number }> = [];
    const started = Date.now();
    for (let round = 1; round <= 10; round++) {
      for (let batch = 0; batch < 10; batch++) {
        await jobs.enqueueMany(
          'system.ping',
          Array.from({ length: 1_000 }, () => ({ payload: { sentAt: new Date().toISOString() } })),
        );
      }
      const drained = await eventually(
        async () => (await queue.getWaitingCount()) + (await queue.getActiveCount()) === 0,
        120_000,
        250,
      );
      expect(drained).toBe(true);
      samples.push({ done: round * 10_000, bytes: await redis.usedMemory() });
    }
    const kept = await queue.getCompletedCount();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
    console.log(
      `R7: ${samples.map((s) => `${s.done / 1000}k → ${mb(s.bytes)} MB`).join(', ')}; ` +
        `${kept} completed jobs kept; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    const at20k = samples[1]!.bytes;
    const at100k = samples[9]!.bytes;
    expect(kept).toBeLessThanOrEqual(1_000);
    expect(at100k).toBeLessThanOrEqual(at20k * 1.1);
  }, 900_000);
});
