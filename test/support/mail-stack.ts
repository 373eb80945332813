import { SmtpSink } from './smtp-sink';
import { RunningApp, startApi, startWorker } from './test-app';
import { testConfig } from './test-config';

export interface MailStack {
  sink: SmtpSink;
  api: RunningApp;
  worker: Awaited<ReturnType<typeof startWorker>>;
  close: () => Promise<void>;
}

/** An api and a worker whose mail goes to an in-process SMTP server, for tests that read the emails. */
export async function startMailStack(overrides: Record<string, string> = {}): Promise<MailStack> {
  const sink = await SmtpSink.start();
  const config = testConfig({ SMTP_URL: sink.url, ...overrides });
  const api = await startApi(config);
  const worker = await startWorker(config);
  return {
    sink,
    api,
    worker,
    close: async () => {
      await worker.close();
      await api.close();
      await sink.close();
    },
  };
}
