import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, MailComposers, Metrics, METRICS_CONTENT_TYPE, requestId } from '@tally/platform';
import { Logger } from 'nestjs-pino';
import { MissingJobHandlerError, PROCESSORS, WorkerModule } from './worker.module';

/**
 * The worker: Bull processors plus a small HTTP server for its health endpoint. On shutdown Bull
 * closes its queues, which waits for active jobs to finish.
 */
export async function createWorkerApp(config: AppConfig, processors = PROCESSORS): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    WorkerModule.forRoot(config, processors),
    new FastifyAdapter({ forceCloseConnections: true, genReqId: requestId }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks();
  // Prometheus metrics next to /health: the worker's port is never published (docs/deploy.md).
  const metrics = app.get(Metrics);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/metrics', async (_request, reply) => reply.type(METRICS_CONTENT_TYPE).send(await metrics.scrape()));
  await app.init();
  // Composers register while modules initialise; a template nobody composes must stop the worker.
  const missing = app.get(MailComposers).missing();
  if (missing.length) {
    await app.close();
    throw new MissingJobHandlerError(`The worker cannot start: no composer for mail template(s) ${missing.join(', ')}`);
  }
  return app;
}
