import { MikroORM } from '@mikro-orm/core';
import { createConnection, Connection } from 'mysql2/promise';
import { randomUUID } from 'node:crypto';
import { signUp, SignedUpUser } from '../support/auth';
import { percentile } from '../support/latency';
import { rollupsVersusLogs } from '../support/rollups';
import { TcpProxy } from '../support/tcp-proxy';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const OUTAGE_MS = 10_000;

/**
 * quality.md R6: MariaDB restarted under load. The machine's MariaDB serves everyone, so the api
 * reaches it through a proxy that we cut (every connection dropped, mid-transaction or not, and
 * new ones refused, as while the server restarts) and restore. Meanwhile the api answers 503 with
 * a clear message, quickly; afterwards it recovers by itself; nothing is half-written (a log, its
 * rollups and its tracker change together or not at all), and every log the clients sent with an
 * Idempotency-Key exists exactly once after they retried what got 503.
 */
describe('R6: MariaDB goes away for 10 s under load, then comes back', () => {
  let proxy: TcpProxy;
  let api: RunningApp;
  let db: Connection;
  let ada: SignedUpUser;

  beforeAll(async () => {
    const base = testConfig();
    proxy = new TcpProxy(base.database.host, base.database.port);
    const port = await proxy.start();
    api = await startApi({ ...base, database: { ...base.database, host: '127.0.0.1', port } });
    const { host, port: dbPort, user, password, name } = base.database;
    db = await createConnection({ host, port: dbPort, user, password, database: name });
    ada = await signUp(api);
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await api?.close();
    await proxy?.cut();
  });

  const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    api.request(`/api/v1${path}`, {
      ...init,
      headers: { ...ada.headers, ...(init.headers as Record<string, string>) },
      signal: AbortSignal.timeout(30_000),
    });

  it('answers 503 with a clear message meanwhile, recovers by itself, and leaves nothing half-written', async () => {
    const trackerId = (
      await json(await call('/trackers', { method: 'POST', json: { name: 'Steps', type: 'numerical' } }))
    ).id as number;

    type Phase = 'before' | 'during' | 'after';
    let phase: Phase = 'before';
    const statuses: Record<Phase, Map<number, number>> = { before: new Map(), during: new Map(), after: new Map() };
    const duringMs: number[] = [];
    const messages = new Set<string>();
    /** Every log a client sent, by its Idempotency-Key, and whether it has been answered 201 yet. */
    const sent = new Map<string, { value: number; created: boolean }>();
    let restoredAt = 0;
    let firstSuccessAfterRestore = 0;
    let stop = false;

    const loop = async (reader: boolean) => {
      for (let i = 0; !stop; i++) {
        const started = Date.now();
        const at = phase;
        let res: Response;
        if (reader) {
          res = await call(i % 2 ? `/trackers/${trackerId}/logs?limit=5` : '/me');
        } else {
          const key = randomUUID();
          const value = sent.size + 1;
          sent.set(key, { value, created: false });
          res = await call(`/trackers/${trackerId}/logs`, {
            method: 'POST',
            json: { value },
            headers: { 'idempotency-key': key },
          });
          if (res.status === 201) sent.get(key)!.created = true;
        }
        const elapsed = Date.now() - started;
        statuses[at].set(res.status, (statuses[at].get(res.status) ?? 0) + 1);
        if (at === 'during') duringMs.push(elapsed);
        if (res.status >= 500) messages.add(`${res.status} ${(await json(res)).message}`);
        else await res.arrayBuffer();
        if (at === 'after' && res.status < 300 && !firstSuccessAfterRestore)
          firstSuccessAfterRestore = Date.now() - restoredAt;
        if (res.status === 503) await sleep(100);
      }
    };

    const load = Promise.all([loop(false), loop(false), loop(true), loop(true)]);
    await sleep(3_000);
    phase = 'during';
    await proxy.cut();
    await sleep(OUTAGE_MS);
    await proxy.restore();
    restoredAt = Date.now();
    phase = 'after';
    await sleep(8_000);
    stop = true;
    await load;

    // The clients retry, with the same key, every log that was not answered 201.
    const retried: number[] = [];
    for (const [key, log] of sent) {
      if (log.created) continue;
      const res = await call(`/trackers/${trackerId}/logs`, {
        method: 'POST',
        json: { value: log.value },
        headers: { 'idempotency-key': key },
      });
      retried.push(res.status);
    }

    const [[{ n: rows, distinct: values }]] = (await db.query(
      'SELECT COUNT(*) AS n, COUNT(DISTINCT value) AS `distinct` FROM logs WHERE tracker_id = ?',
      [trackerId],
    )) as unknown as [[{ n: number; distinct: number }]];
    const [[tracker]] = (await db.query('SELECT updated_at FROM trackers WHERE id = ?', [trackerId])) as unknown as [
      [{ updated_at: Date }],
    ];
    const rollups = await rollupsVersusLogs(api.app.get(MikroORM), trackerId);
    const show = (m: Map<number, number>) => [...m].map(([s, n]) => `${n}× ${s}`).join(', ');
    console.log(
      `R6: before ${show(statuses.before)}; during the ${OUTAGE_MS / 1000} s outage ${show(statuses.during)} ` +
        `(answered in p50 ${percentile(duringMs, 50)} ms, p99 ${percentile(duringMs, 99)} ms, max ${Math.max(...duringMs)} ms); ` +
        `after ${show(statuses.after)}, first success ${firstSuccessAfterRestore} ms after MariaDB was back; ` +
        `${sent.size} logs sent, ${retried.length} retried with their key → ${[...new Set(retried)].join(', ')}; ` +
        `rows ${rows} (distinct values ${values}); rollups ${rollups.stored.length} rows, equal to a rebuild: ` +
        `${JSON.stringify(rollups.stored) === JSON.stringify(rollups.rebuilt)}; messages: ${[...messages].join(' | ')}`,
    );

    expect([...statuses.during.keys()].every((s) => s === 503 || s < 300)).toBe(true);
    expect(statuses.during.get(503) ?? 0).toBeGreaterThan(0);
    expect([...messages]).toEqual([expect.stringMatching(/^503 The service is temporarily unavailable/)]);
    // Bounded: a connection attempt gives up after 2 s, a wait for the pool after DB_ACQUIRE_TIMEOUT_MS (5 s).
    expect(Math.max(...duringMs)).toBeLessThan(8_000);
    // Recovers by itself: the last requests after the restore all succeed.
    expect(firstSuccessAfterRestore).toBeGreaterThan(0);
    expect(firstSuccessAfterRestore).toBeLessThan(5_000);
    expect(retried.every((s) => s === 201)).toBe(true);
    // Every log exists exactly once, and its rollups and tracker were written with it.
    expect(rows).toBe(sent.size);
    expect(values).toBe(sent.size);
    expect(rollups.stored).toEqual(rollups.rebuilt);
    expect(tracker!.updated_at).toBeInstanceOf(Date);
  }, 120_000);
});
