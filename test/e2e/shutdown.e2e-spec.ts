import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { JobQueue } from '@tally/platform';
import { startProcess } from '../support/processes';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

/** How long a process may take to stop after SIGTERM (a container's usual grace is 10–30 s). */
const GRACE_MS = 10_000;

/**
 * R5: SIGTERM to the api and to the worker in the middle of their work. Requests already in flight
 * are answered, active jobs finish, nothing is half-written, and each process exits by itself
 * within the grace period.
 */
describe('R5: SIGTERM mid-load', () => {
  const config = testConfig();
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApi(config);
  });
  afterAll(() => api?.close());

  it('the api answers every request in flight, writes each log whole, and exits within the grace period', async () => {
    const child = await startProcess('api', config);
    const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      fetch(`${child.url}/api/v1${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    const username = `r5_${process.pid.toString(36)}${Date.now().toString(36)}`;
    const register = await call('/auth/register', {
      method: 'POST',
      json: { username, email: `${username}@example.test`, password: 'correct horse battery staple' },
    });
    expect(register.status).toBe(201);
    const login = await json(
      await call('/auth/login', {
        method: 'POST',
        json: { login: username, password: 'correct horse battery staple' },
      }),
    );
    const auth = { authorization: `Bearer ${login.accessToken}` };
    const tracker = await json(
      await call('/trackers', { method: 'POST', headers: auth, json: { name: 'Steps', type: 'numerical' } }),
    );

    let signalled = 0;
    const outcomes: Array<{ startedBefore: boolean; status: number | 'refused' }> = [];
    let created = 0;
    const worker = async (n: number) => {
      for (let i = 0; ; i++) {
        const startedBefore = signalled === 0;
        if (!startedBefore && outcomes.filter((o) => !o.startedBefore).length > 200) return;
        try {
          const res =
            (n + i) % 2
              ? await call(`/trackers/${tracker.id}/logs`, { method: 'POST', headers: auth, json: { value: 1 } })
              : await call('/trackers', { headers: auth });
          if (res.status === 201) created++;
          await res.arrayBuffer();
          outcomes.push({ startedBefore, status: res.status });
        } catch {
          outcomes.push({ startedBefore, status: 'refused' });
          if (!startedBefore) return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 20 }, (_, n) => worker(n)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    signalled = Date.now();
    child.kill('SIGTERM');
    const code = await child.exited;
    const stoppedIn = Date.now() - signalled;
    await load;

    const before = outcomes.filter((o) => o.startedBefore);
    const after = outcomes.filter((o) => !o.startedBefore);
    const tally = (list: typeof outcomes) =>
      Object.entries(
        list.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {}),
      )
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
    const rows = await (api.app.get(MikroORM).em.fork() as EntityManager).execute<Array<{ n: number }>>(
      'SELECT COUNT(*) AS n FROM logs WHERE tracker_id = ?',
      [tracker.id],
    );
    console.log(
      `R5 api: exited with ${code} ${stoppedIn} ms after SIGTERM; requests sent before: ${tally(before)}; ` +
        `after: ${tally(after)}; ${created} logs answered 201, ${rows[0]!.n} rows`,
    );
    // Nest runs its shutdown hooks, then raises the signal again: the exit a supervisor expects.
    expect([0, 'SIGTERM']).toContain(code);
    expect(stoppedIn).toBeLessThan(GRACE_MS);
    // Every request already sent was answered, and answered well (new ones may be refused: 503 or no connection).
    expect(before.every((o) => o.status === 200 || o.status === 201)).toBe(true);
    expect(after.every((o) => o.status === 'refused' || o.status === 503 || o.status === 200 || o.status === 201)).toBe(
      true,
    );
    // Nothing half-written: every log answered 201 is there, and nothing else.
    expect(Number(rows[0]!.n)).toBe(created);
  }, 180_000);

  it('the worker lets its active jobs finish, leaves the waiting ones queued, and exits within the grace period', async () => {
    const child = await startProcess('worker', config);
    const queue = api.app.get(JobQueue);
    const jobs = await Promise.all(
      Array.from({ length: 20 }, () =>
        queue.enqueue('system.ping', { sentAt: new Date().toISOString(), holdMs: 3_000 }),
      ),
    );
    // 16 run at once (the ping handler's concurrency); the other 4 wait.
    const deadline = Date.now() + 30_000;
    while ((await Promise.all(jobs.map((j) => j.isActive()))).filter(Boolean).length < 16 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await child.exited;
    const stoppedIn = Date.now() - signalled;
    const states = await Promise.all(
      jobs.map((j) =>
        queue
          .queue('system')
          .getJob(j.id!)
          .then((job) => job!.getState()),
      ),
    );
    const count = (state: string) => states.filter((s) => s === state).length;
    console.log(
      `R5 worker: exited with ${code} ${stoppedIn} ms after SIGTERM; ${count('completed')} active jobs completed, ` +
        `${count('waiting')} still waiting, ${count('failed')} failed`,
    );
    expect([0, 'SIGTERM']).toContain(code);
    expect(stoppedIn).toBeLessThan(GRACE_MS);
    expect(count('failed')).toBe(0);
    expect(count('completed') + count('waiting')).toBe(20);
    expect(count('completed')).toBeGreaterThanOrEqual(16);

    // A worker started again takes the rest.
    const again = await startProcess('worker', config);
    try {
      await Promise.all(
        jobs.map((j) =>
          queue
            .queue('system')
            .getJob(j.id!)
            .then((job) => job!.finished()),
        ),
      );
    } finally {
      again.kill('SIGTERM');
      await again.exited;
    }
  }, 180_000);
});
