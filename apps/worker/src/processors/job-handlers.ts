import { MikroORM } from '@mikro-orm/core';
import { Type } from '@nestjs/common';
import { JOB_HANDLER, JobName, JOB_NAMES, JOBS } from '@tally/platform';

/** @nestjs/bull stores the queue of a @Processor class under this key. */
const BULL_PROCESSOR_QUEUE = 'bull:module_queue';

/**
 * Every declared job must have exactly one @JobHandler, on a processor of the queue it is sent to,
 * and a processor must take the ORM (`readonly orm: MikroORM`) so each job gets its own context.
 * Returns the problems found (empty when all is well).
 */
export function checkJobHandlers(processors: Type[]): string[] {
  const handled = new Map<JobName, string[]>();
  const problems: string[] = [];
  for (const processor of processors) {
    const queue = (Reflect.getMetadata(BULL_PROCESSOR_QUEUE, processor) as { name?: string } | undefined)?.name;
    const params = (Reflect.getMetadata('design:paramtypes', processor) as unknown[] | undefined) ?? [];
    let handlers = 0;
    for (const method of Object.getOwnPropertyNames(processor.prototype)) {
      const job = Reflect.getMetadata(JOB_HANDLER, processor.prototype[method]) as JobName | undefined;
      if (!job) continue;
      handlers++;
      handled.set(job, [...(handled.get(job) ?? []), `${processor.name}.${method}`]);
      if (JOBS[job] && JOBS[job].queue !== queue)
        problems.push(
          `${processor.name}.${method} handles "${job}" on queue "${queue}", but the job is sent to "${JOBS[job].queue}"`,
        );
    }
    if (handlers && !params.includes(MikroORM))
      problems.push(
        `${processor.name} handles jobs but does not take the ORM: add \`readonly orm: MikroORM\` to its constructor`,
      );
  }
  for (const job of JOB_NAMES) {
    const handlers = handled.get(job) ?? [];
    if (handlers.length === 0) problems.push(`job "${job}" has no handler`);
    if (handlers.length > 1) problems.push(`job "${job}" has ${handlers.length} handlers: ${handlers.join(', ')}`);
  }
  return problems;
}
