import { DEFAULT_JWT_SECRET } from '@tally/platform';
import { runEntry, runNode } from '../support/spawn';

/** What an operator sees when the configuration or the database is wrong: one clear line, no stack. */
describe('start-up errors', () => {
  const production = { NODE_ENV: 'production', APP_URL: 'https://tally.example.com', LOG_LEVEL: 'silent' };
  const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

  it('the api refuses to start in production without JWT_SECRET, naming it', async () => {
    const run = await runEntry('apps/api/src/main.ts', [], { ...production, JWT_SECRET: '' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('Invalid configuration: JWT_SECRET is required in production');
  });

  it('the api refuses to start in production with the default secret', async () => {
    const run = await runEntry('apps/api/src/main.ts', [], { ...production, JWT_SECRET: DEFAULT_JWT_SECRET });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Invalid configuration: JWT_SECRET must not be the development default in production',
    );
  });

  it('the worker refuses an invalid value with one line naming the variable', async () => {
    const run = await runEntry('apps/worker/src/main.ts', [], { WORKER_HEALTH_PORT: 'eighty', LOG_LEVEL: 'silent' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('Invalid configuration: WORKER_HEALTH_PORT must be a port number (got "eighty")');
  });

  it('`npm run migrate` with a wrong database password prints a clear message', async () => {
    const run = await runEntry('apps/api/src/database/database.cli.ts', ['up'], {
      DATABASE_URL: '',
      DB_HOST: '127.0.0.1',
      DB_USER: 'root',
      DB_PASSWORD: 'definitely-wrong',
      DB_NAME: 'tally_never_created',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Cannot use the database root@127.0.0.1:3306/tally_never_created: access denied: check the user and password in DATABASE_URL (or DB_USER/DB_PASSWORD)',
    );
    noStack(run.stderr);
  });

  it('`npm start` with a wrong database password stops with the same clear message', async () => {
    const run = await runNode(['scripts/start.mjs'], {
      JWT_SECRET: 'x'.repeat(40),
      DATABASE_URL: '',
      DB_HOST: '127.0.0.1',
      DB_USER: 'root',
      DB_PASSWORD: 'definitely-wrong',
      DB_NAME: 'tally_never_created',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '✖ Cannot use the database root@127.0.0.1:3306/tally_never_created: access denied: check the user and password',
    );
    noStack(run.stderr);
    noStack(run.stdout);
  });
});
