import { Process } from '@nestjs/bull';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { JobName } from './queue.definitions';

export const JOB_HANDLER = 'tally:job-handler';

/**
 * Marks a processor method as the handler of a declared job. Use it instead of `@Process` so the
 * worker can check at boot that every job has exactly one handler on the right queue.
 */
export const JobHandler = (name: JobName, concurrency = 1) =>
  applyDecorators(Process({ name, concurrency }), SetMetadata(JOB_HANDLER, name));
