import { MikroORM } from '@mikro-orm/core';
import { Processor } from '@nestjs/bull';
import { JobHandler, loadConfig, QueueName } from '@tally/platform';
import { MissingJobHandlerError, PROCESSORS, WorkerModule } from '../worker.module';
import { checkJobHandlers } from './job-handlers';
import { SystemProcessor } from './system.processor';

describe('checkJobHandlers', () => {
  it('accepts the worker as shipped: every declared job has exactly one handler', () => {
    expect(checkJobHandlers(PROCESSORS)).toEqual([]);
  });

  it('names a declared job that has no handler', () => {
    expect(checkJobHandlers([])).toEqual(
      expect.arrayContaining(['job "system.ping" has no handler', 'job "mail.send" has no handler']),
    );
  });

  it('refuses two handlers for one job', () => {
    @Processor(QueueName.System)
    class Duplicate {
      constructor(readonly orm: MikroORM) {}
      @JobHandler('system.ping')
      again() {}
    }
    expect(checkJobHandlers([...PROCESSORS, Duplicate])).toEqual([
      expect.stringMatching(/job "system.ping" has 2 handlers: SystemProcessor.ping, Duplicate.again/),
    ]);
  });

  it('refuses a handler on a queue the job is not sent to', () => {
    @Processor('elsewhere')
    class WrongQueue {
      constructor(readonly orm: MikroORM) {}
      @JobHandler('system.ping')
      ping() {}
    }
    const others = PROCESSORS.filter((processor) => processor !== SystemProcessor);
    expect(checkJobHandlers([...others, WrongQueue])).toEqual([
      'WrongQueue.ping handles "system.ping" on queue "elsewhere", but the job is sent to "system"',
    ]);
  });

  it('refuses a processor without the ORM: its jobs could not have a context of their own', () => {
    @Processor(QueueName.System)
    class NoOrm {
      @JobHandler('system.ping')
      ping() {}
    }
    const others = PROCESSORS.filter((processor) => processor !== SystemProcessor);
    expect(checkJobHandlers([...others, NoOrm])).toEqual([
      'NoOrm handles jobs but does not take the ORM: add `readonly orm: MikroORM` to its constructor',
    ]);
  });

  it('makes the worker module refuse to start', () => {
    expect(() => WorkerModule.forRoot(loadConfig({ NODE_ENV: 'test' }), [])).toThrow(MissingJobHandlerError);
    expect(() => WorkerModule.forRoot(loadConfig({ NODE_ENV: 'test' }), [])).toThrow(
      'The worker cannot start: job "system.ping" has no handler',
    );
  });
});
