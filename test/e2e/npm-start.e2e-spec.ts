import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { ROOT } from '../support/spawn';
import { testConfig } from '../support/test-config';

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });

/**
 * A free port below Linux's ephemeral range (32768+), so apps that other tests start on port 0
 * cannot take it while npm start is still building.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(port)) return port;
  }
}

/**
 * `npm start` end to end: migrate + seed a fresh database, build what is stale, start api and
 * worker, print the URLs (which must answer), and stop cleanly on Ctrl-C.
 */
describe('npm start', () => {
  const config = testConfig();
  const dbName = `${config.database.name}_start`;
  let child: ChildProcess;
  let output = '';

  const dropDatabase = async () => {
    const db = config.database;
    const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    await connection.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await connection.end();
  };

  beforeAll(dropDatabase);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase();
  });

  it('brings the product up, prints URLs that answer, and stops on Ctrl-C', async () => {
    const [port, workerPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
    const db = config.database;
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: {
        ...process.env,
        JWT_SECRET: 'npm-start-test-secret-that-is-long-enough',
        DATABASE_URL: `mysql://${encodeURIComponent(db.user)}${db.password ? `:${encodeURIComponent(db.password)}` : ''}@${db.host}:${db.port}/${dbName}`,
        REDIS_URL: config.redis.url,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        PORT: String(port),
        WORKER_HEALTH_PORT: String(workerPort),
        APP_URL: `http://localhost:${port}`,
        LOG_LEVEL: 'warn',
        BCRYPT_COST: '4',
      },
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Press Ctrl-C to stop.')) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`npm start exited early:\n${output}`));
        }
      }, 250);
    });

    expect(output).toContain('Database migrated');
    expect(output).toContain('Seeded the demo account');
    expect(output).toContain('Demo login demo@tally.local');
    const urls = [...output.matchAll(/(?:App|API docs|Health)\s+(http:\/\/\S+)/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      const res = await fetch(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
    expect(await (await fetch(urls[0]!)).text()).toContain('<app-root');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopping Tally');
    await expect(fetch(urls[2]!)).rejects.toThrow();
  }, 300_000);
});
