import 'reflect-metadata';
import { loadConfigOrExit } from '@tally/platform';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './api.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen({ host: config.http.host, port: config.http.port });
  app.get(Logger).log(`Tally API listening on ${config.http.host}:${config.http.port} (${config.appUrl})`, 'Bootstrap');
}

void bootstrap();
