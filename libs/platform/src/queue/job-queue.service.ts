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
}
