import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobOptions, Queue } from 'bull';
import { JobName, JobPayloads, JOBS, QueueName } from './queue.definitions';

/** The one way to enqueue a job: typed payload, the options declared for it, optional overrides. */
@Injectable()
export class JobQueue {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, queue);
    }
    return queue;
  }

  enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    overrides: JobOptions = {},
  ): Promise<Job<JobPayloads[N]>> {
    const definition = JOBS[name];
    return this.queue(definition.queue).add(name, payload, { ...definition.options, ...overrides });
  }

  /** Many jobs of one kind in one round trip (fan-outs); each may carry its own options (a jobId). */
  enqueueMany<N extends JobName>(
    name: N,
    jobs: Array<{ payload: JobPayloads[N]; options?: JobOptions }>,
  ): Promise<Array<Job<JobPayloads[N]>>> {
    if (!jobs.length) return Promise.resolve([]);
    const definition = JOBS[name];
    return this.queue(definition.queue).addBulk(
      jobs.map(({ payload, options }) => ({ name, data: payload, opts: { ...definition.options, ...options } })),
    );
  }

  /**
   * Makes sure the job with this id will run: adds it when Redis has none (lost, or removed after
   * it ran), retries it when it failed for good, and leaves it be while it waits, is delayed
   * (backing off) or runs. For sweeps that re-queue from MySQL.
   */
  async ensure<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
  ): Promise<'added' | 'retried' | 'queued'> {
    const queue = this.queue(JOBS[name].queue);
    const job = await queue.getJob(jobId);
    if (!job) {
      await this.enqueue(name, payload, { jobId });
      return 'added';
    }
    if (await job.isFailed()) {
      await job.retry();
      return 'retried';
    }
    if (await job.isCompleted()) {
      // It ran, yet its work is not done (the caller checked): run it again under the same id.
      await job.remove();
      await this.enqueue(name, payload, { jobId });
      return 'added';
    }
    return 'queued';
  }

  /** Removes a waiting or delayed job by id; false when there is none (already run, or never added). */
  async remove(name: JobName, jobId: string): Promise<boolean> {
    const job = await this.queue(JOBS[name].queue).getJob(jobId);
    if (!job) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // it is running now (locked): it checks MySQL itself before acting
    }
  }
}
