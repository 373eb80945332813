import { EntityManager } from '@mikro-orm/mysql';
import { Emotion } from '../emotion';
import { TrackerType, TrackersModule, TrackersService } from '@tally/trackers';
import { createDomainContext, createUser, DomainContext } from '../../../../test/support/domain';
import { rollupsVersusLogs } from '../../../../test/support/rollups';
import { LogsModule, LogsService } from '../index';
import { DataExportService } from './export.service';
import { DataImportService, ImportRejectedError } from './import.service';
import { TransferFormat } from './transfer.format';

describe('export and import (MariaDB + Redis)', () => {
  let ctx: DomainContext;
  let trackers: TrackersService;
  let logs: LogsService;
  let exporter: DataExportService;
  let importer: DataImportService;
  const run = <T>(work: () => Promise<T>) => ctx.run(work);
  const inHours = (h: number) => new Date(Date.now() + h * 3600e3).toISOString();

  beforeAll(async () => {
    ctx = await createDomainContext([TrackersModule, LogsModule]);
    trackers = ctx.get(TrackersService);
    logs = ctx.get(LogsService);
    exporter = ctx.get(DataExportService);
    importer = ctx.get(DataImportService);
  });
  afterAll(() => ctx?.close());

  async function exportText(userId: number, format: TransferFormat): Promise<string> {
    let text = '';
    for await (const chunk of exporter.chunks(userId, format)) text += chunk;
    return text;
  }

  /** Everything of a user that an export carries, ids and update times left out. */
  async function snapshot(userId: number) {
    const em = ctx.orm.em.fork() as unknown as EntityManager;
    const trackerRows = await em.execute(
      `SELECT name, type, description, what_to_track, unit, DATE_FORMAT(created_at, '%Y-%m-%d %T.%f') AS created
       FROM trackers WHERE user_id = ? ORDER BY name`,
      [userId],
    );
    const logRows = await em.execute(
      `SELECT t.name, DATE_FORMAT(l.logged_at, '%Y-%m-%d %T.%f') AS logged, l.value, l.description, l.emotion,
         l.reminder_message, l.reminder_at, l.reminder_sent_at, DATE_FORMAT(l.created_at, '%Y-%m-%d %T.%f') AS created
       FROM logs l JOIN trackers t ON t.id = l.tracker_id WHERE t.user_id = ? ORDER BY t.name, l.logged_at, l.value, l.description`,
      [userId],
    );
    return { trackers: trackerRows, logs: logRows };
  }

  /** A user whose data has every awkward thing a file can meet. */
  async function richUser() {
    const user = await createUser(ctx.orm, { timezone: 'Asia/Kolkata' });
    const run1 = await run(() =>
      trackers.create(user.id, {
        name: '=Running, "fast"',
        type: TrackerType.Numerical,
        whatToTrack: '+distance',
        unit: '₹',
        description: '-line one\nline two, with \'quotes\' and "doubles"',
      }),
    );
    const note = await run(() => trackers.create(user.id, { name: "'Journal 😀", type: TrackerType.Note }));
    await run(() => trackers.create(user.id, { name: '@empty', type: TrackerType.Numerical }));
    const values = [0, -3.25, 12345678901.2345, 99999999999999, 0.0001, 42];
    for (const [i, value] of values.entries()) {
      await run(() =>
        logs.create(user.id, run1.id, {
          value,
          loggedAt: `2025-03-0${i + 1}T0${i}:30:00.${100 + i}+05:30`,
          emotion: Object.values(Emotion)[i] ?? null,
          description: i % 2 ? `=HYPERLINK("http://evil.example","x${i}")` : null,
        }),
      );
    }
    await run(() =>
      logs.create(user.id, run1.id, { value: 1, reminderMessage: '-stretch, now', reminderAt: inHours(5) }),
    );
    await run(() =>
      logs.create(user.id, note.id, {
        description: 'Dear diary,\r\n"quoted"\n\ttabbed 🧘 ąčę 中文',
        loggedAt: '2024-12-31T23:59:59.999Z',
        emotion: Emotion.Calm,
      }),
    );
    // A reminder already sent in the past.
    const sent = await run(() =>
      logs.create(user.id, note.id, { description: '@sent', reminderMessage: 'done', reminderAt: inHours(1) }),
    );
    const em = ctx.orm.em.fork() as unknown as EntityManager;
    await em.execute('UPDATE logs SET reminder_at = ?, reminder_sent_at = ?, logged_at = ? WHERE id = ?', [
      new Date('2025-01-01T10:00:00.123Z'),
      new Date('2025-01-01T10:00:30.456Z'),
      new Date('2025-01-01T09:00:00Z'),
      sent.id,
    ]);
    return user;
  }

  it.each<TransferFormat>(['csv', 'json'])(
    'export → import into a fresh account reproduces the data exactly (%s)',
    async (format) => {
      const source = await richUser();
      const text = await exportText(source.id, format);
      const target = await createUser(ctx.orm);
      const result = await run(() =>
        importer.import(
          target.id,
          { content: Buffer.from(text, 'utf8'), filename: `tally.${format}` },
          { dryRun: false },
        ),
      );
      expect(result).toEqual({ dryRun: false, format, trackersCreated: 3, trackersMatched: 0, logsImported: 9 });
      expect(await snapshot(target.id)).toEqual(await snapshot(source.id));
      // And the copy exports to the same file (bar the export time).
      const strip = (t: string) => t.replace(/"exportedAt":"[^"]+"/, '');
      expect(strip(await exportText(target.id, format))).toBe(strip(text));
      for (const t of (await run(() => trackers.list(target.id))).items) {
        const { stored, rebuilt } = await rollupsVersusLogs(ctx.orm, t.id);
        expect(stored).toEqual(rebuilt);
      }
    },
  );

  it('writes spreadsheet-safe CSV: text cells that could run as formulas start with an apostrophe', async () => {
    const source = await richUser();
    const text = await exportText(source.id, 'csv');
    expect(text.startsWith('\uFEFFtracker,trackerType,')).toBe(true);
    expect(text).toContain(`"'=Running, ""fast"""`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x1"")"`);
    expect(text).toContain("''Journal 😀");
    expect(text).toContain("'@empty");
    expect(text).toContain("'+distance");
    expect(text).not.toMatch(/(^|,)[=+@]/m);
    // Numbers stay numbers.
    expect(text).toContain(',-3.25,');
  });

  it('dry run reports what would happen and writes nothing', async () => {
    const source = await richUser();
    const text = await exportText(source.id, 'json');
    const target = await createUser(ctx.orm);
    const result = await run(() => importer.import(target.id, { content: Buffer.from(text) }, { dryRun: true }));
    expect(result).toEqual({ dryRun: true, format: 'json', trackersCreated: 3, trackersMatched: 0, logsImported: 9 });
    expect((await snapshot(target.id)).trackers).toEqual([]);
  });

  it('imports all or nothing: one bad row at the end rejects the file, naming its line', async () => {
    const source = await richUser();
    const text = await exportText(source.id, 'csv');
    const bad = `${text}Extra,numerical,,,,,2025-01-01T00:00:00Z,1.234567,,,,,,\r\n`;
    const target = await createUser(ctx.orm);
    const error = await run(() =>
      importer.import(target.id, { content: Buffer.from(bad), filename: 'x.csv' }, { dryRun: false }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error.details).toEqual([
      { line: expect.any(Number), field: 'value', message: 'value must have at most 4 decimal places' },
    ]);
    // The row is the file's last line (descriptions with line breaks make rows span several).
    expect(error.details[0].line).toBe(bad.trimEnd().split('\n').length);
    expect(error.message).toMatch(/^Nothing was imported: the file has a problem\. line \d+, value:/);
    expect((await snapshot(target.id)).trackers).toEqual([]);
  });

  it('rolls back everything when the database refuses part of it', async () => {
    const target = await createUser(ctx.orm);
    // "Cafe" and "café" are the same name to MySQL, though not to the parser.
    const file = [
      'tracker,trackerType,loggedAt,value,description',
      'Cafe,numerical,2025-01-01T00:00:00Z,1,',
      'café,numerical,2025-01-01T00:00:00Z,2,',
    ].join('\n');
    const error = await run(() =>
      importer.import(target.id, { content: Buffer.from(file), filename: 'x.csv' }, { dryRun: false }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error.details[0]).toMatchObject({ line: 3, field: 'name' });
    expect((await snapshot(target.id)).trackers).toEqual([]);
  });

  it('adds logs to an existing tracker of the same name and type, refuses a type clash', async () => {
    const user = await createUser(ctx.orm);
    const existing = await run(() => trackers.create(user.id, { name: 'Sleep', type: TrackerType.Numerical }));
    await run(() => logs.create(user.id, existing.id, { value: 7, loggedAt: '2025-01-01T07:00:00Z' }));
    const file = 'tracker,trackerType,loggedAt,value\nsleep,numerical,2025-01-01T07:10:00Z,8\nNew,numerical,,\n'; // same hour: merges into its rollup
    const result = await run(() =>
      importer.import(user.id, { content: Buffer.from(file), filename: 'x.csv' }, { dryRun: false }),
    );
    expect(result).toMatchObject({ trackersCreated: 1, trackersMatched: 1, logsImported: 1 });
    const after = await run(() => trackers.get(user.id, existing.id));
    expect(after).toMatchObject({ logCount: 2, lastValue: 8 });
    const { stored, rebuilt } = await rollupsVersusLogs(ctx.orm, existing.id);
    expect(stored).toEqual(rebuilt);

    const clash = 'tracker,trackerType,loggedAt,description\nSleep,note,2025-01-02T07:00:00Z,zzz\n';
    const error = await run(() =>
      importer.import(user.id, { content: Buffer.from(clash), filename: 'x.csv' }, { dryRun: true }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error.details).toEqual([
      { line: 2, field: 'type', message: 'You already have a numerical tracker named "Sleep"; this one is note' },
    ]);
  });

  it('imports a file that arrives in pieces, checked first, then written a few thousand logs at a time', async () => {
    const target = await createUser(ctx.orm);
    const rows = ['tracker,trackerType,loggedAt,value,emotion'];
    for (let i = 0; i < 12_000; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString();
      rows.push(`T${i % 3},numerical,${at},${(i % 97) / 4},${['calm', 'happy', ''][i % 3]}`);
    }
    const bytes = Buffer.from(rows.join('\n'));
    async function* arriving() {
      for (let at = 0; at < bytes.length; at += 1_000) yield bytes.subarray(at, at + 1_000);
    }
    const result = await run(() =>
      importer.import(target.id, { content: arriving(), filename: 'x.csv' }, { dryRun: false }),
    );
    expect(result).toEqual({
      dryRun: false,
      format: 'csv',
      trackersCreated: 3,
      trackersMatched: 0,
      logsImported: 12_000,
    });
    const list = (await run(() => trackers.list(target.id))).items;
    expect(list.map((t) => t.logCount)).toEqual([4_000, 4_000, 4_000]);
    for (const t of list) {
      const { stored, rebuilt } = await rollupsVersusLogs(ctx.orm, t.id);
      expect(stored).toEqual(rebuilt);
    }

    // The same file with one bad row at its end: nothing is written.
    const bad = Buffer.concat([bytes, Buffer.from('\nT0,numerical,2025-01-01T00:00:00Z,x,')]);
    const other = await createUser(ctx.orm);
    const error = await run(() =>
      importer.import(
        other.id,
        {
          content: (async function* () {
            yield bad;
          })(),
          filename: 'x.csv',
        },
        { dryRun: false },
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error.details).toEqual([{ line: 12_002, field: 'value', message: expect.any(String) }]);
    expect((await snapshot(other.id)).trackers).toEqual([]);
  });

  it('refuses a file that is not UTF-8', async () => {
    const user = await createUser(ctx.orm);
    const latin1 = Buffer.from(
      'tracker,trackerType,loggedAt,value\nCaf\xe9,numerical,2025-01-01T00:00:00Z,1\n',
      'latin1',
    );
    await expect(
      run(() => importer.import(user.id, { content: latin1, filename: 'x.csv' }, { dryRun: false })),
    ).rejects.toThrow(/not UTF-8/);
  });
});
