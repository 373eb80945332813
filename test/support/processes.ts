import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AppConfig } from '../../libs/platform/src/config';
import { databaseUrl } from './global-setup';
import { ROOT } from './spawn';

/** A port free now, below Linux's ephemeral range, so apps that others start on port 0 cannot take it. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** The environment a process of ours needs to run against the same stores as `config`. */
export function processEnv(config: AppConfig, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    APP_URL: config.appUrl,
    DATABASE_URL: databaseUrl(config.database),
    REDIS_URL: config.redis.url,
    SMTP_URL: config.mail.smtpUrl,
    BCRYPT_COST: String(config.auth.bcryptCost),
    // The same sign-in throttling as the config: with the defaults (20 per IP), suites that signed
    // in from 127.0.0.1 earlier in this worker would get this process's 127.0.0.1 blocked.
    AUTH_THROTTLE_WINDOW_SECONDS: String(config.auth.throttle.windowSeconds),
    AUTH_THROTTLE_IP_LIMIT: String(config.auth.throttle.ipLimit),
    AUTH_THROTTLE_ACCOUNT_LIMIT: String(config.auth.throttle.accountLimit),
    AUTH_THROTTLE_BLOCK_SECONDS: String(config.auth.throttle.blockSeconds),
    SCHEDULES: 'false',
    ...extra,
  };
}

/** Every process started here and not yet exited, so none outlives its test file (see reap-processes.ts). */
const live = new Set<ChildProcess>();

/** Kills what a test file started and left running (a failed assertion skips its own cleanup). */
export async function killStartedProcesses(): Promise<void> {
  const children = [...live];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export interface AppProcess {
  child: ChildProcess;
  pid: number;
  /** Base URL of its HTTP server (the api, or the worker's health server). */
  url: string;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  kill: (signal?: NodeJS.Signals) => void;
}

/**
 * Starts the real api or worker (from source) as a process of its own and waits until its health
 * endpoint answers: for tests that kill, restart or signal real processes.
 */
export async function startProcess(
  app: 'api' | 'worker',
  config: AppConfig,
  extraEnv: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<AppProcess> {
  const port = await freePort();
  const env = processEnv(config, { [app === 'api' ? 'PORT' : 'WORKER_HEALTH_PORT']: String(port), ...extraEnv });
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = `http://127.0.0.1:${port}`;
  const health = app === 'api' ? `${url}/api/v1/health` : `${url}/health`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} while starting:\n${output}`);
    const ok = await fetch(health)
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} did not answer ${health} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    pid: child.pid!,
    url,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Polls `check` until it is true or the time is up; returns whether it came true. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
