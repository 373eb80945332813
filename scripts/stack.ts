/**
 * The body of `npm start` (see start.mjs): services up, database migrated and seeded, mail catcher,
 * fresh builds, api + worker running, URLs printed. Ctrl-C stops everything it started.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import {
  AppConfig,
  ConfigError,
  describeDatabaseError,
  ensureDatabaseExists,
  isDatabaseConnectionError,
  loadConfig,
  migrateUp,
} from '../libs/platform/src';
import { DEMO_ACCOUNT } from '../apps/api/src/database/seeders/demo-data';
import { ENTITIES } from '../apps/api/src/database/entities';
import { seedDemoAccount } from '../apps/api/src/database/seeders/demo-account';

const ROOT = process.cwd();
const MAIL_SMTP_PORT = 1025;
const MAIL_WEB_PORT = 1080;

const say = (message: string) => console.log(`▸ ${message}`);
const children: { name: string; process: ChildProcess }[] = [];
const cleanups: { name: string; run: () => void }[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(`✖ ${message}`);
  void shutdown(1);
  throw new Error(message);
}

const isLocal = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host);

function listening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`${what} did not come up within ${seconds} s`);
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'inherit' }).status === 0;
const isRoot = process.getuid?.() === 0;
const dockerAvailable = () => has('docker') && spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

/** Settings that must be generated once per installation live in .env (never committed). */
function ensureEnvFile(): void {
  const file = join(ROOT, '.env');
  if (existsSync(file) || process.env.JWT_SECRET) return;
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `# Created by npm start. See .env.example for every setting.\nJWT_SECRET=${secret}\n`, {
    mode: 0o600,
  });
  say('Created .env with a freshly generated JWT_SECRET');
}

function setEnvValue(name: string, value: string): void {
  const file = join(ROOT, '.env');
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith(`${name}=`));
  writeFileSync(file, [...lines.filter(Boolean), `${name}=${value}`, ''].join('\n'), { mode: 0o600 });
}

/** Whether the user chose the variable (environment or .env), rather than relying on the default. */
function isConfigured(name: string): boolean {
  const file = join(ROOT, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return Boolean(process.env[name] || fromFile[name]);
}

async function ensureService(name: string, host: string, port: number, start: () => boolean): Promise<void> {
  if (await listening(host, port)) return;
  if (!isLocal(host)) fail(`${name} at ${host}:${port} is not reachable; check the URL in .env`);
  say(`${name} is not running on ${host}:${port}: starting it`);
  if (!start()) fail(`could not start ${name}; start it yourself or point the settings at a running one`);
  await waitFor(name, () => listening(host, port));
  say(`${name} is up`);
}

function startWithDocker(service: string): boolean {
  say(`Using Docker: docker compose -f docker/compose.services.yml -p tally-services up -d ${service}`);
  const ok = run('docker', [
    'compose',
    '-f',
    'docker/compose.services.yml',
    '-p',
    'tally-services',
    'up',
    '-d',
    service,
  ]);
  if (ok)
    cleanups.push({
      name: service,
      run: () =>
        run('docker', ['compose', '-f', 'docker/compose.services.yml', '-p', 'tally-services', 'stop', service]),
    });
  return ok;
}

function aptInstall(packages: string[]): boolean {
  if (!isRoot || !has('apt-get')) {
    console.error(`  Install them with: sudo apt-get install ${packages.join(' ')}`);
    return false;
  }
  say(`Installing ${packages.join(', ')} with apt-get`);
  return run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', ...packages]);
}

function startMariaDb(): boolean {
  if (dockerAvailable()) return startWithDocker('mariadb');
  if (!existsSync('/usr/sbin/mariadbd') && !aptInstall(['mariadb-server'])) return false;
  say('Starting MariaDB (mariadbd)');
  const ok = run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']);
  if (ok)
    cleanups.push({
      name: 'MariaDB',
      run: () => run('start-stop-daemon', ['--stop', '--oknodo', '--exec', '/usr/sbin/mariadbd']),
    });
  return ok;
}

function startRedis(): boolean {
  if (dockerAvailable()) return startWithDocker('redis');
  if (!has('redis-server') && !aptInstall(['redis-server'])) return false;
  say('Starting Redis (redis-server)');
  const ok = run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379']);
  if (ok) cleanups.push({ name: 'Redis', run: () => run('redis-cli', ['-p', '6379', 'shutdown', 'nosave']) });
  return ok;
}

/**
 * A freshly installed MariaDB lets root in only through the local socket. When we are root, create
 * a dedicated `tally` account over the socket and remember it in .env.
 */
function createLocalDatabaseUser(config: AppConfig): boolean {
  const chosen = ['DATABASE_URL', 'DB_USER', 'DB_PASSWORD'].some(isConfigured);
  if (!isRoot || !has('mariadb') || chosen) return false;
  const password = randomBytes(18).toString('base64url');
  const sql = [
    `CREATE USER IF NOT EXISTS 'tally'@'localhost' IDENTIFIED BY '${password}'`,
    `CREATE USER IF NOT EXISTS 'tally'@'127.0.0.1' IDENTIFIED BY '${password}'`,
    `ALTER USER 'tally'@'localhost' IDENTIFIED BY '${password}'`,
    `ALTER USER 'tally'@'127.0.0.1' IDENTIFIED BY '${password}'`,
    `GRANT ALL PRIVILEGES ON \`${config.database.name}\`.* TO 'tally'@'localhost', 'tally'@'127.0.0.1'`,
  ].join('; ');
  if (spawnSync('mariadb', ['-u', 'root', '-e', sql], { stdio: 'ignore' }).status !== 0) return false;
  const url = `mysql://tally:${password}@${config.database.host}:${config.database.port}/${config.database.name}`;
  setEnvValue('DATABASE_URL', url);
  say(`Created the MariaDB account "tally" and saved DATABASE_URL in .env`);
  return true;
}

let demoAvailable = false;

async function prepareDatabase(config: AppConfig): Promise<AppConfig> {
  const db = config.database;
  try {
    await ensureDatabaseExists(db);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ER_ACCESS_DENIED_ERROR' && isLocal(db.host) && createLocalDatabaseUser(config)) {
      return prepareDatabase(loadConfig());
    }
    fail(isDatabaseConnectionError(error) ? describeDatabaseError(error, db) : String(error));
  }
  try {
    const applied = await migrateUp(db, ENTITIES);
    say(applied.length ? `Database migrated (${applied.length} migration(s) applied)` : 'Database is up to date');
    const seeded = await seedDemoAccount(config);
    if (seeded.created) say(`Seeded the demo account with 90 days of sample data`);
    demoAvailable = seeded.demoAvailable;
  } catch (error) {
    fail(isDatabaseConnectionError(error) ? describeDatabaseError(error, db) : `migration failed: ${String(error)}`);
  }
  return config;
}

/** Newest modification time below the given paths (files only). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path))
        if (entry !== 'node_modules' && entry !== '.angular') visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function buildIfStale(name: string, output: string, sources: string[], script: string): void {
  if (mtime(output) > newestMtime(sources)) return;
  say(`Building the ${name} (npm run ${script})…`);
  if (!run('npm', ['run', '--silent', script])) {
    rmSync(output, { force: true }); // tsc emits despite type errors: make sure the next start rebuilds
    fail(`the ${name} build failed; see the output above`);
  }
}

function startChild(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: 'inherit' });
  children.push({ name, process: child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`✖ The ${name} stopped (${signal ?? `exit code ${code}`}); shutting down.`);
      void shutdown(1);
    }
  });
  return child;
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\n▸ Stopping Tally…');
  const exits = children
    .filter((c) => c.process.exitCode === null && c.process.signalCode === null)
    .map(
      (c) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => c.process.kill('SIGKILL'), 30_000);
          c.process.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.process.kill('SIGTERM');
        }),
    );
  await Promise.all(exits);
  for (const cleanup of cleanups.reverse()) {
    say(`Stopping ${cleanup.name}`);
    cleanup.run();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  ensureEnvFile();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }

  const redisUrl = new URL(config.redis.url);
  await ensureService('MariaDB', config.database.host, config.database.port, startMariaDb);
  await ensureService('Redis', redisUrl.hostname, Number(redisUrl.port || 6379), startRedis);
  config = await prepareDatabase(config);

  const env: NodeJS.ProcessEnv = { ...process.env };
  // A terminal full of JSON request logs hides what matters; the user can ask for more in .env.
  const quiet = !isConfigured('LOG_LEVEL');
  if (quiet) env.LOG_LEVEL = 'warn';
  let mailUi: string | null = null;
  if (!isConfigured('SMTP_URL')) {
    env.SMTP_URL = `smtp://127.0.0.1:${MAIL_SMTP_PORT}`;
    if (await listening('127.0.0.1', MAIL_SMTP_PORT)) {
      say(`A mail catcher already listens on port ${MAIL_SMTP_PORT}; using it`);
    } else {
      say(`Starting MailDev (SMTP ${MAIL_SMTP_PORT}, web ${MAIL_WEB_PORT}) to catch outgoing mail`);
      const maildev = spawn(
        process.execPath,
        [
          join(ROOT, 'node_modules/maildev/bin/maildev'),
          '--smtp',
          String(MAIL_SMTP_PORT),
          '--web',
          String(MAIL_WEB_PORT),
          '--ip',
          '127.0.0.1',
          '--silent',
        ],
        { stdio: 'ignore' },
      );
      children.push({ name: 'mail catcher', process: maildev });
      await waitFor('MailDev', () => listening('127.0.0.1', MAIL_WEB_PORT), 30);
    }
    mailUi = `http://localhost:${MAIL_WEB_PORT}`;
  }

  buildIfStale(
    'server',
    'dist/apps/worker/apps/worker/src/main.js',
    ['apps/api/src', 'apps/worker/src', 'libs', 'nest-cli.json', 'tsconfig.base.json', 'package-lock.json'],
    'build:server',
  );
  buildIfStale(
    'web client',
    'dist/apps/web/browser/index.html',
    [
      'apps/web/src',
      'apps/web/public',
      'apps/web/angular.json',
      'apps/web/tsconfig.json',
      'libs/contracts/src',
      'package-lock.json',
    ],
    'build:web',
  );

  for (const port of [config.http.port, config.worker.healthPort]) {
    if (await listening('127.0.0.1', port))
      fail(`port ${port} is already in use; stop what uses it or set PORT / WORKER_HEALTH_PORT in .env`);
  }
  startChild('api', 'dist/apps/api/apps/api/src/main.js', env);
  startChild('worker', 'dist/apps/worker/apps/worker/src/main.js', env);
  const healthy = (port: number) => async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/${port === config.http.port ? 'api/v1/' : ''}health`)).ok;
    } catch {
      return false;
    }
  };
  await waitFor('the api', healthy(config.http.port));
  await waitFor('the worker', healthy(config.worker.healthPort));

  const base = `http://localhost:${config.http.port}`;
  console.log(`
  Tally is running.

    App        ${base}/
    API docs   ${base}/api/docs
    Health     ${base}/api/v1/health${mailUi ? `\n    Mail       ${mailUi}   (every email Tally sends lands here)` : ''}

${demoAvailable ? `    Demo login ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}\n` : ''}${quiet ? '  Logs show warnings and errors; set LOG_LEVEL=debug in .env to see every request (info shows all but quick successful reads).\n' : ''}
  Press Ctrl-C to stop.
`);
}

void main().catch((error: unknown) => {
  if (!stopping) {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    void shutdown(1);
  }
});
