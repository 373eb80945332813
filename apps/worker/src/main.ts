import 'reflect-metadata';
import { loadConfigOrExit } from '@tally/platform';
import { Logger } from 'nestjs-pino';
import { createWorkerApp } from './worker.factory';
import { MissingJobHandlerError } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  try {
    const app = await createWorkerApp(config);
    await app.listen({ host: config.http.host, port: config.worker.healthPort });
    app.get(Logger).log(`Tally worker running; health on port ${config.worker.healthPort}`, 'Bootstrap');
  } catch (error) {
    if (error instanceof MissingJobHandlerError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void bootstrap();
