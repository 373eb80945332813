import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Process } from '@nestjs/bull';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { JobName } from './queue.definitions';

export const JOB_HANDLER = 'tally:job-handler';

/** A processor: it holds the ORM so each of its jobs can run in a context of its own. */
export interface JobProcessor {
  readonly orm: MikroORM;
}

/**
 * Marks a processor method as the handler of a declared job. Use it instead of `@Process` so the
 * worker can check at boot that every job has exactly one handler on the right queue. Each job runs
 * in a fresh MikroORM context (its own identity map and unit of work, like a request in the api),
 * so domain services and repositories work in the worker exactly as they do in the api. The
 * processor provides the ORM as `orm` (see JobProcessor).
 */
export const JobHandler = (name: JobName, concurrency = 1) =>
  applyDecorators(
    // First: it replaces the method, and the metadata below must sit on the replacement.
    CreateRequestContext<JobProcessor>((processor) => processor.orm),
    Process({ name, concurrency }),
    SetMetadata(JOB_HANDLER, name),
  );
