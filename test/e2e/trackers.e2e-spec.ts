import { UserRole } from '@tally/auth';
import { createUserVia, signIn } from '../support/sign-in';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

describe('trackers, logs and stats over HTTP', () => {
  let api: RunningApp;
  type Caller = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  async function caller(fields: { timezone?: string; role?: UserRole } = {}): Promise<Caller> {
    const user = await createUserVia(api, fields);
    const headers = await signIn(api, user);
    return (path, init = {}) => api.request(`/api/v1${path}`, { ...init, headers: { ...headers, ...init.headers } });
  }

  async function expectError(res: Response, status: number, message: RegExp, field?: string) {
    const body = await json(res);
    expect({ status: res.status, body }).toMatchObject({
      status,
      body: { statusCode: status, message: expect.stringMatching(message) },
    });
    if (field) expect(body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|SELECT|INSERT|sql/i);
  }

  it('refuses anonymous callers with 401', async () => {
    const res = await api.request('/api/v1/trackers');
    expect(res.status).toBe(401);
  });

  it('creates, reads, lists, edits and deletes a tracker', async () => {
    const me = await caller();
    const created = await me('/trackers', { method: 'POST', json: { name: 'Running', type: 'numerical', unit: 'km' } });
    expect(created.status).toBe(201);
    const tracker = await json(created);
    expect(tracker).toMatchObject({ name: 'Running', type: 'numerical', unit: 'km', logCount: 0, lastValue: null });

    const list = await me('/trackers');
    expect(list.headers.get('cache-control')).toBe('private, no-store');
    expect(await json(list)).toEqual({ items: [tracker], nextCursor: null });

    const patched = await me(`/trackers/${tracker.id}`, { method: 'PATCH', json: { description: 'Morning runs' } });
    expect(await json(patched)).toMatchObject({ description: 'Morning runs' });
    expect((await me(`/trackers/${tracker.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await me(`/trackers/${tracker.id}`)).status).toBe(404);
  });

  describe('bad input gets a 4xx that says what to fix', () => {
    let me: Caller;
    let numerical: { id: number };
    let note: { id: number };
    beforeAll(async () => {
      me = await caller();
      numerical = await json(await me('/trackers', { method: 'POST', json: { name: 'N', type: 'numerical' } }));
      note = await json(await me('/trackers', { method: 'POST', json: { name: 'Notes', type: 'note' } }));
    });

    it.each([
      [{ name: 'x', type: 'chart' }, /type must be one of: numerical, note/, 'type'],
      [{ type: 'note' }, /name must be a string/, 'name'],
      [{ name: 'x'.repeat(101), type: 'note' }, /name must be at most 100 characters/, 'name'],
      [{ name: 'x', type: 'note', colour: 'red' }, /colour is not an accepted field/, 'colour'],
      [{ name: 'bad\u0000name', type: 'note' }, /single line/, 'name'],
    ])('tracker %j → 400', async (body, message, field) => {
      await expectError(await me('/trackers', { method: 'POST', json: body }), 400, message, field);
    });

    it('a duplicate name → 409, notes with a unit → 422, a type change with logs → 409', async () => {
      await expectError(
        await me('/trackers', { method: 'POST', json: { name: 'n', type: 'note' } }),
        409,
        /already have a tracker named/,
      );
      await expectError(
        await me('/trackers', { method: 'POST', json: { name: 'D', type: 'note', unit: 'km' } }),
        422,
        /unit only applies to numerical trackers/,
        'unit',
      );
      expect((await me(`/trackers/${numerical.id}/logs`, { method: 'POST', json: { value: 1 } })).status).toBe(201);
      await expectError(
        await me(`/trackers/${numerical.id}`, { method: 'PATCH', json: { type: 'note' } }),
        409,
        /cannot change once it has logs/,
      );
    });

    it.each([
      [{ emotion: 'happy' }, 'numerical', 422, /value is required for a numerical tracker/, 'value'],
      [{ value: 3, description: 'x' }, 'note', 422, /value must be left out for a note tracker/, 'value'],
      [{ value: '12' }, 'numerical', 400, /value must be a number/, 'value'],
      [{ value: 1e300 }, 'numerical', 400, /between/, 'value'],
      [{ value: 0.12345 }, 'numerical', 400, /at most 4 decimal places/, 'value'],
      [{ value: 1, emotion: 'ecstatic' }, 'numerical', 400, /emotion must be one of/, 'emotion'],
      [{ value: 1, loggedAt: '2025-03-09T08:00:00' }, 'numerical', 400, /time zone offset/, 'loggedAt'],
      [{ value: 1, loggedAt: '2999-01-01T00:00:00Z' }, 'numerical', 422, /more than 1 day in the future/, 'loggedAt'],
      [{ value: 1, reminderMessage: 'Hi' }, 'numerical', 422, /set together or not at all/, 'reminderAt'],
      [
        { value: 1, reminderMessage: 'Hi', reminderAt: '2020-01-01T00:00:00Z' },
        'numerical',
        422,
        /reminderAt must be in the future/,
        'reminderAt',
      ],
      [{ value: null }, 'numerical', 422, /value is required/, 'value'],
    ])('log %j on a %s tracker → %i', async (body, kind, status, message, field) => {
      const id = kind === 'note' ? note.id : numerical.id;
      await expectError(await me(`/trackers/${id}/logs`, { method: 'POST', json: body }), status, message, field);
    });

    it.each([
      ['?limit=0', /limit must be between 1 and 200/, 'limit'],
      ['?limit=10000', /limit must be between 1 and 200/, 'limit'],
      ['?limit=abc', /limit must be a whole number/, 'limit'],
      ['?cursor=WzE3MDAwMDAwMDAwMDAsMV0.Zm9yZ2Vk', /cursor is not valid/, 'cursor'],
      ['?from=2025-03-10&to=2025-03-01', /from must not be after to/, 'from'],
      ['?from=yesterday', /from must be an ISO 8601 date-time/, 'from'],
    ])('log list %s → 400', async (query, message, field) => {
      await expectError(await me(`/trackers/${numerical.id}/logs${query}`), 400, message, field);
    });

    it.each([
      ['/trackers/abc', /id must be a positive whole number/],
      ['/trackers/0', /id must be a positive whole number/],
      ['/trackers/99999999999', /id must be a positive whole number/],
      ['/trackers/1/stats?bucket=year', /bucket must be one of: day, week, month/],
      ['/trackers/1/stats?from=2025-02-30', /from must be/],
    ])('%s → 400', async (path, message) => {
      await expectError(await me(path), 400, message);
    });
  });

  it("hides other users' trackers and logs behind 404s, admins included", async () => {
    const owner = await caller();
    const tracker = await json(await owner('/trackers', { method: 'POST', json: { name: 'Mine', type: 'numerical' } }));
    const log = await json(await owner(`/trackers/${tracker.id}/logs`, { method: 'POST', json: { value: 1 } }));
    for (const other of [await caller(), await caller({ role: UserRole.Admin })]) {
      for (const [path, method, body] of [
        [`/trackers/${tracker.id}`, 'GET'],
        [`/trackers/${tracker.id}`, 'PATCH', { name: 'Theirs' }],
        [`/trackers/${tracker.id}/stats`, 'GET'],
        [`/trackers/${tracker.id}/logs`, 'GET'],
        [`/trackers/${tracker.id}/logs`, 'POST', { value: 2 }],
        [`/trackers/${tracker.id}/logs/${log.id}`, 'PATCH', { value: 2 }],
        [`/trackers/${tracker.id}/logs/${log.id}`, 'GET'],
        [`/trackers/${tracker.id}/logs/${log.id}`, 'DELETE'],
        [`/trackers/${tracker.id}`, 'DELETE'],
      ]) {
        const res = await other(path as string, { method: method as string, json: body });
        expect({ path, method, status: res.status }).toEqual({ path, method, status: 404 });
      }
    }
    expect((await owner(`/trackers/${tracker.id}`)).status).toBe(200);
  });

  it('pages logs newest first and serves stats in the user’s time zone', async () => {
    const me = await caller({ timezone: 'America/New_York' });
    const tracker = await json(await me('/trackers', { method: 'POST', json: { name: 'DST', type: 'numerical' } }));
    // 01:30 EST and 03:30 EDT on 9 March 2025: the same local day, 1 hour of wall time apart.
    for (const [loggedAt, value] of [
      ['2025-03-09T01:30:00-05:00', 1],
      ['2025-03-09T03:30:00-04:00', 2],
      ['2025-03-10T00:10:00-04:00', 4],
    ] as const) {
      expect((await me(`/trackers/${tracker.id}/logs`, { method: 'POST', json: { value, loggedAt } })).status).toBe(
        201,
      );
    }
    const first = await json(await me(`/trackers/${tracker.id}/logs?limit=2`));
    expect(first.items.map((l: { value: number }) => l.value)).toEqual([4, 2]);
    const second = await json(await me(`/trackers/${tracker.id}/logs?limit=2&cursor=${first.nextCursor}`));
    expect(second).toMatchObject({ items: [{ value: 1 }], nextCursor: null });

    const stats = await json(await me(`/trackers/${tracker.id}/stats?from=2025-03-09&to=2025-03-10&bucket=day`));
    expect(stats).toMatchObject({
      timezone: 'America/New_York',
      buckets: [
        { start: '2025-03-09T00:00:00.000-05:00', count: 2, sum: 3, avg: 1.5, min: 1, max: 2 },
        { start: '2025-03-10T00:00:00.000-04:00', count: 1, sum: 4 },
      ],
      totals: { count: 3, sum: 7, first: { value: 1 }, last: { value: 4 } },
      streak: { longest: 2 },
    });
  });

  it('never serves one user’s cached list to another; a write shows on the next read, on any api process', async () => {
    const second = await startApi(testConfig());
    try {
      const alice = await createUserVia(api);
      const bob = await createUserVia(api);
      const [a1, a2, b2] = [await signIn(api, alice), await signIn(second, alice), await signIn(second, bob)];
      const onFirst = (path: string, init: RequestInit & { json?: unknown } = {}) =>
        api.request(`/api/v1${path}`, { ...init, headers: a1 });
      await onFirst('/trackers', { method: 'POST', json: { name: 'Alice', type: 'note' } });
      expect((await json(await second.request('/api/v1/trackers', { headers: a2 }))).items).toHaveLength(1);
      expect((await json(await second.request('/api/v1/trackers', { headers: b2 }))).items).toHaveLength(0);
      await onFirst('/trackers', { method: 'POST', json: { name: 'Alice 2', type: 'note' } });
      const fresh = await json(await second.request('/api/v1/trackers', { headers: a2 }));
      expect(fresh.items.map((t: { name: string }) => t.name)).toEqual(['Alice 2', 'Alice']);
    } finally {
      await second.close();
    }
  });

  it('a log written on one api process shows in the cached list and stats read on another, at once', async () => {
    const second = await startApi(testConfig());
    try {
      const alice = await createUserVia(api);
      const [a1, a2] = [await signIn(api, alice), await signIn(second, alice)];
      const tracker = await json(
        await api.request('/api/v1/trackers', {
          method: 'POST',
          headers: a1,
          json: { name: 'Run', type: 'numerical' },
        }),
      );
      const read = async () => ({
        list: await json(await second.request('/api/v1/trackers', { headers: a2 })),
        stats: await json(await second.request(`/api/v1/trackers/${tracker.id}/stats?bucket=month`, { headers: a2 })),
      });
      // Warm both cache tiers of the second process (its memory, and Redis).
      await read();
      expect((await read()).list.items[0]).toMatchObject({ logCount: 0, lastValue: null });
      for (const value of [3, 4]) {
        const created = await api.request(`/api/v1/trackers/${tracker.id}/logs`, {
          method: 'POST',
          headers: a1,
          json: { value },
        });
        expect(created.status).toBe(201);
        const { list, stats } = await read();
        expect(list.items[0]).toMatchObject({ logCount: value - 2, lastValue: value });
        expect(stats.totals).toMatchObject({ count: value - 2, last: { value } });
      }
    } finally {
      await second.close();
    }
  });

  it('a token another api process has already accepted stops working there as soon as its session ends', async () => {
    const second = await startApi(testConfig());
    try {
      const alice = await createUserVia(api);
      const headers = await signIn(api, alice);
      // The second process verifies the token and remembers it, and caches the list.
      for (let i = 0; i < 3; i++) expect((await second.request('/api/v1/trackers', { headers })).status).toBe(200);
      expect((await api.request('/api/v1/auth/logout', { method: 'POST', headers })).status).toBe(204);
      expect((await second.request('/api/v1/trackers', { headers })).status).toBe(401);
      expect((await api.request('/api/v1/trackers', { headers })).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
