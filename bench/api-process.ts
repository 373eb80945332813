import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchConfig, rawConnection } from './context';

export const ROOT = resolve(__dirname, '..');
/** What `npm run build:server` produces for the api (nest-cli keeps the source tree under dist). */
export const API_ENTRY = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

/** `npm run build:server`, unless the caller said --no-build and a build is there. */
export function buildServer(skip: boolean): void {
  if (skip && existsSync(API_ENTRY)) return;
  if (skip) throw new Error(`--no-build, but ${API_ENTRY} is missing: run npm run build:server`);
  process.stderr.write('Building the server (npm run build:server)…\n');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Resident memory of a process from /proc: now (VmRSS) and its peak since start (VmHWM), in MB. */
export function procMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const mb = (value: number) => Math.round((value / 1024) * 10) / 10;
  return { rssMb: mb(kb('VmRSS')), hwmMb: mb(kb('VmHWM')) };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime (fields 14 and 15 of the file), in clock ticks of 1/100 s on Linux.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the highest sample. */
export function rssSampler(pid: number, everyMs = 50): { stop: () => number } {
  let peak = procMemory(pid).rssMb;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, procMemory(pid).rssMb);
    } catch {
      // The process has gone: the peak so far stands.
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      try {
        peak = Math.max(peak, procMemory(pid).rssMb);
      } catch {
        // As above.
      }
      return peak;
    },
  };
}

export interface ApiProcess {
  url: string;
  pid: number;
  /** Where the api's own (JSON, pino) log lines went. */
  logFile: string;
  logBytes: () => number;
  stop: () => Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `The api exited (${child.exitCode}) while starting:\n${readFileSync(logFile, 'utf8').slice(-4000)}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`The api did not answer ${url}/api/v1/health within 60 s`);
}

/**
 * The built api as it runs in production (NODE_ENV=production, LOG_LEVEL as configured, default
 * info) on the bench database and Redis db, on a free port. Its logs go to a file, as they would go
 * to a log collector, not through the benchmark process.
 */
export async function startApi(extraEnv: Record<string, string> = {}): Promise<ApiProcess> {
  const config = benchConfig();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(tmpdir(), `tally-bench-api-${process.pid}-${port}.log`);
  const logFd = openSync(logFile, 'w');
  const db = config.database;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: url,
    DB_HOST: db.host,
    DB_PORT: String(db.port),
    DB_USER: db.user,
    DB_PASSWORD: db.password,
    DB_NAME: db.name,
    REDIS_URL: config.redis.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // The bench signs in once per api process; keep repeated runs clear of the sign-in throttle.
    AUTH_THROTTLE_IP_LIMIT: '1000',
    AUTH_THROTTLE_ACCOUNT_LIMIT: '1000',
    ...extraEnv,
  };
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the api under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, API_ENTRY], { cwd: ROOT, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    logFile,
    logBytes: () => statSync(logFile).size,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          rmSync(logFile, { force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A real sign-in: POST /api/v1/auth/login, and the Authorization header it yields. */
export async function signIn(url: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (!response.ok) throw new Error(`Sign-in as ${login} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string; tokenType: string };
  return `${body.tokenType} ${body.accessToken}`;
}

export const BENCH_PASSWORD = 'tally-bench-password';

/** Gives the bench users a password the api accepts (bcrypt at the production cost, 12). */
export async function setBenchPassword(usernames: string[]): Promise<void> {
  const { hash } = await import('bcrypt');
  const db = await rawConnection(benchConfig());
  try {
    await db.query('UPDATE users SET password = ? WHERE username IN (?)', [await hash(BENCH_PASSWORD, 12), usernames]);
  } finally {
    await db.end();
  }
}

/** Empties the bench Redis db, so every api process starts from a cold cache and no throttling state. */
export async function flushBenchRedis(): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(benchConfig().redis.url);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
