import { createUserVia, signIn } from '../support/sign-in';
import { json, RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

describe('export and import over HTTP', () => {
  let api: RunningApp;
  type Caller = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

  beforeAll(async () => {
    api = await startApi(testConfig({ IMPORT_MAX_MB: '1' }));
  });
  afterAll(() => api?.close());

  async function caller(): Promise<Caller> {
    const headers = await signIn(api, await createUserVia(api));
    return (path, init = {}) => api.request(`/api/v1${path}`, { ...init, headers: { ...headers, ...init.headers } });
  }

  const upload = (content: string | Buffer, filename: string) => {
    const form = new FormData();
    form.append('file', new Blob([content]), filename);
    return form;
  };

  it('exports CSV and JSON as attachments, and imports them into a fresh account', async () => {
    const source = await caller();
    const tracker = await json(
      await source('/trackers', { method: 'POST', json: { name: '=Sum', type: 'numerical' } }),
    );
    for (const value of [1.5, -2, 3]) {
      await source(`/trackers/${tracker.id}/logs`, {
        method: 'POST',
        json: { value, loggedAt: `2025-01-0${value > 0 ? value | 0 : 4}T10:00:00Z` },
      });
    }
    for (const format of ['csv', 'json'] as const) {
      const res = await source(`/export?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      );
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="tally-export-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`),
      );
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const text = await res.text();
      if (format === 'csv') expect(text).toContain("'=Sum,numerical");

      const target = await caller();
      const dry = await target('/import?dryRun=true', { method: 'POST', body: upload(text, `backup.${format}`) });
      expect(await json(dry)).toEqual({
        dryRun: true,
        format,
        trackersCreated: 1,
        trackersMatched: 0,
        logsImported: 3,
      });
      expect((await json(await target('/trackers'))).items).toEqual([]);

      const real = await target('/import', { method: 'POST', body: upload(text, `backup.${format}`) });
      expect(real.status).toBe(200);
      expect(await json(real)).toMatchObject({ dryRun: false, logsImported: 3 });
      const [copy] = (await json(await target('/trackers'))).items;
      expect(copy).toMatchObject({ name: '=Sum', logCount: 3, lastValue: -2 });
    }
  });

  it('answers a file with problems with 422, each problem with its line and field', async () => {
    const me = await caller();
    const file =
      'tracker,trackerType,loggedAt,value\nRun,numerical,2025-01-01T00:00:00Z,1\nRun,numerical,not a date,2\n';
    const res = await me('/import', { method: 'POST', body: upload(file, 'x.csv') });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.message).toMatch(/^Nothing was imported: the file has a problem\. line 3, loggedAt:/);
    expect(body.details).toEqual([{ line: 3, field: 'loggedAt', message: expect.stringMatching(/ISO 8601/) }]);
    expect((await json(await me('/trackers'))).items).toEqual([]);
  });

  it('refuses a file over the limit with a clear 413, and requests that are not uploads with 400', async () => {
    const me = await caller();
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const tooBig = await me('/import', { method: 'POST', body: upload(big, 'big.csv') });
    expect(tooBig.status).toBe(413);
    expect((await json(tooBig)).message).toBe(
      'The file is larger than the 1 MB import limit: split it into smaller files',
    );

    const notMultipart = await me('/import', { method: 'POST', json: { file: 'x' } });
    expect(notMultipart.status).toBe(400);
    expect((await json(notMultipart)).message).toMatch(/multipart\/form-data in a field named "file"/);

    const wrongField = new FormData();
    wrongField.append('upload', new Blob(['x']), 'x.csv');
    const noFile = await me('/import', { method: 'POST', body: wrongField });
    expect(noFile.status).toBe(400);

    // Broken multipart bodies are the client's mistake: 400 (413 for too many parts), never a 500.
    const file = 'Content-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\ntracker\r\n';
    const field = (name: string) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\nx\r\n`;
    for (const [body, status, message] of [
      [`--b\r\n${file}`, 400, /not well-formed multipart\/form-data/],
      [
        `${Array.from({ length: 12 }, (_, i) => field(`f${i}`)).join('')}--b\r\n${file}--b--\r\n`,
        413,
        /too many parts/,
      ],
    ] as const) {
      const res = await me('/import', {
        method: 'POST',
        body,
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
      });
      expect({ status: res.status, message: (await json(res)).message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }

    expect((await me('/export?format=xml')).status).toBe(400);
    expect((await me('/import?dryRun=maybe', { method: 'POST', body: upload('x', 'x.csv') })).status).toBe(400);
  });
});
