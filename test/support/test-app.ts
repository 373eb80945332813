import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../libs/platform/src/config';
import { createApiApp } from '../../apps/api/src/api.factory';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { ContractRecorder } from './contract-check';
import { testConfig } from './test-config';

export interface RunningApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** fetch() against the app: path relative to the base URL, JSON bodies serialized. */
  request: (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
  /** Every answer this api sent, checked against libs/contracts/openapi.json (quality.md C2). */
  contract: ContractRecorder;
  /** Stops the api, then fails listing the answers that did not match the document, if any. */
  close: () => Promise<void>;
}

/** Boots the real api on a random port against the test database and Redis. */
export async function startApi(config: AppConfig = testConfig()): Promise<RunningApp> {
  const app = await createApiApp(config);
  const contract = new ContractRecorder();
  contract.attach(app.getHttpAdapter().getInstance());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const request = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, headers, ...rest } = init;
    return fetch(`${url}${path}`, {
      ...rest,
      headers:
        json === undefined ? headers : { 'content-type': 'application/json', ...(headers as Record<string, string>) },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  };
  const close = async () => {
    await app.close();
    contract.assertClean();
  };
  return { app, config, url, request, contract, close };
}

/** Boots the real worker (processors + health server on a random port). */
export async function startWorker(config: AppConfig = testConfig()) {
  const app = await createWorkerApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Tests read bodies loosely; the assertions say what shape is expected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json();
