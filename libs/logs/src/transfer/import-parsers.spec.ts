import { MAX_REPORTED_PROBLEMS, parseCsvImport, parseJsonImport, ProblemCollector } from './import-parsers';
import { echoed, MAX_ECHOED_LENGTH } from './import-record';

const NOW = new Date('2026-01-15T12:00:00Z');
const HEADER =
  'tracker,trackerType,trackerDescription,trackerWhatToTrack,trackerUnit,trackerCreatedAt,loggedAt,value,description,emotion,reminderMessage,reminderAt,reminderSentAt,createdAt';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

describe('parseCsvImport', () => {
  it('reads trackers and logs, including trackers without logs and guarded cells', async () => {
    const parsed = await parseCsvImport(
      csv(
        'Running,numerical,,Distance,km,2025-01-01T00:00:00.000Z,2025-01-02T07:00:00.000Z,5.25,"morning, easy",happy,,,,2025-01-02T07:01:00.000Z',
        "Journal,note,,,,,2025-01-03T21:00:00.000Z,,'=not a formula,calm,,,,",
        'Empty,note,,,,,,,,,,,,',
      ),
      NOW,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.trackers.map((t) => [t.fields.name, t.logs.length])).toEqual([
      ['Running', 1],
      ['Journal', 1],
      ['Empty', 0],
    ]);
    expect(parsed.trackers[0]!.logs[0]).toMatchObject({
      value: '5.25',
      description: 'morning, easy',
      emotion: 'happy',
    });
    expect(parsed.trackers[0]!.createdAt?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parsed.trackers[1]!.logs[0]!.description).toBe('=not a formula');
  });

  it('names the line and the column of every problem, counting lines inside quoted fields', async () => {
    const parsed = await parseCsvImport(
      csv(
        'Running,numerical,,,,,2025-01-02T07:00:00Z,5.123456,,,,,,', // line 2: too many decimals
        'Running,numerical,,,,,2025-01-03T07:00:00Z,1,"two\r\nlines",ecstatic,,,,', // lines 3-4: emotion
        'Running,numerical,,,,,,7,,,,,,', // line 5: no loggedAt
        'Diary,note,,,,,2025-01-03T07:00:00Z,3,,,,,,', // line 6: value on a note, no description
        'Running,numerical,,,,,2027-01-03T07:00:00Z,1,,,Ping,,,', // line 7: ahead; half a reminder
        'Bad,chart,,,,,2025-01-03T07:00:00Z,1,,,,,,', // line 8: unknown type
        'Running,note,,,,,2025-01-03T07:00:00Z,1,,,,,,', // line 9: tracker columns differ
        'Short,row', // line 10
      ),
      NOW,
    );
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        { line: 2, field: 'value', message: 'value must have at most 4 decimal places' },
        { line: 3, field: 'emotion', message: expect.stringMatching(/^emotion must be one of: happy/) },
        { line: 5, field: 'loggedAt', message: 'loggedAt is required for a log' },
        { line: 6, field: 'value', message: expect.stringMatching(/value must be left out for a note/) },
        { line: 6, field: 'description', message: 'description is required for a note tracker' },
        { line: 7, field: 'loggedAt', message: 'loggedAt must not be more than 1 day in the future' },
        { line: 7, field: 'reminderAt', message: expect.stringMatching(/set together/) },
        { line: 8, field: 'trackerType', message: 'trackerType must be one of: numerical, note' },
        { line: 9, field: 'tracker', message: expect.stringMatching(/differ from line 2/) },
        { line: 10, field: 'row', message: 'The row has 2 fields but the header has 14' },
      ]),
    );
    expect(parsed.problems).toHaveLength(10);
  });

  it('counts lines the same with \\n line endings', async () => {
    const text = csv(
      'R,numerical,,,,,2025-01-02T07:00:00Z,1,"a\r\nb",,,,,',
      'R,numerical,,,,,2025-01-02T07:00:00Z,x,,,,,,',
    );
    expect((await parseCsvImport(text.replace(/\r\n/g, '\n'), NOW)).problems).toEqual([
      expect.objectContaining({ line: 4, field: 'value' }),
    ]);
    expect((await parseCsvImport(text, NOW)).problems).toEqual([expect.objectContaining({ line: 4, field: 'value' })]);
  });

  it('accepts past reminders from history and marks them sent, never to be emailed late', async () => {
    const parsed = await parseCsvImport(
      csv('R,numerical,,,,,2025-01-02T07:00:00Z,1,,,Stretch,2025-01-02T08:00:00Z,,'),
      NOW,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.trackers[0]!.logs[0]!.reminderSentAt).toEqual(NOW);
  });

  it('explains a broken header or broken CSV', async () => {
    expect((await parseCsvImport('tracker,kind\nx,y\n', NOW)).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, field: 'kind', message: expect.stringMatching(/Unknown column "kind"/) }),
        expect.objectContaining({ line: 1, field: 'trackerType', message: 'Column "trackerType" is missing' }),
      ]),
    );
    const broken = await parseCsvImport(csv('R,numerical,,,,,2025-01-02T07:00:00Z,1,"unclosed,,,,,,'), NOW);
    expect(broken.problems).toEqual([
      expect.objectContaining({
        field: 'file',
        message: expect.stringMatching(/^The file is not valid CSV: Quote Not Closed/),
      }),
    ]);
    expect((await parseCsvImport('', NOW)).problems[0]!.message).toMatch(/empty/);
  });
});

describe('parseJsonImport', () => {
  const doc = (trackers: unknown) =>
    JSON.stringify({ format: 'tally-export', version: 1, exportedAt: NOW.toISOString(), trackers }, null, 2);

  it('reads the exported shape', async () => {
    const parsed = await parseJsonImport(
      doc([
        { name: 'Run', type: 'numerical', unit: 'km', logs: [{ loggedAt: '2025-01-02T07:00:00.000Z', value: 5.25 }] },
        { name: 'Empty', type: 'note', logs: [] },
      ]),
      NOW,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.trackers[0]!.logs[0]!.value).toBe('5.25');
    expect(parsed.trackers[1]!.logs).toEqual([]);
  });

  it('names the line and the path of each problem', async () => {
    const text = doc([
      {
        name: 'Run',
        type: 'numerical',
        logs: [
          { loggedAt: '2025-01-02T07:00:00Z', value: 1 },
          { loggedAt: '2025-01-02T07:00:00Z', value: 'abc', mood: 'x' },
        ],
      },
      { name: 'Run', type: 'numerical' },
    ]);
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const lineOfLast = (needle: string) => lines.findLastIndex((l) => l.includes(needle)) + 1;
    const parsed = await parseJsonImport(text, NOW);
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        {
          line: lineOf('"abc"'),
          field: 'trackers[0].logs[1].value',
          message: 'trackers[0].logs[1].value must be a plain decimal number such as 12.5 or -3',
        },
        {
          line: lineOf('"mood"'),
          field: 'trackers[0].logs[1].mood',
          message: expect.stringMatching(/not a known field/),
        },
        {
          line: lineOfLast('"name": "Run"'),
          field: 'trackers[1].name',
          message: expect.stringMatching(/already used by trackers\[0\]/),
        },
      ]),
    );
  });

  it('points at the line of a syntax error', async () => {
    const parsed = await parseJsonImport('{\n  "trackers": [\n    { "name": "x", }\n  ]\n}', NOW);
    expect(parsed.problems).toEqual([
      { line: 3, field: 'file', message: expect.stringMatching(/^The file is not valid JSON/) },
    ]);
  });

  it('refuses another document shape', async () => {
    expect((await parseJsonImport('[1,2]', NOW)).problems[0]!.message).toMatch(/"trackers" array/);
    expect((await parseJsonImport(doc([]).replace('"tally-export"', '"other"'), NOW)).problems[0]!.message).toBe(
      'format must be "tally-export"',
    );
  });
});

describe("echoing the file's own text in problems", () => {
  const huge = 'x'.repeat(140_000);
  const cut = `${'x'.repeat(MAX_ECHOED_LENGTH)}…`;

  it('cuts long text to MAX_ECHOED_LENGTH characters and an ellipsis, and leaves short text alone', async () => {
    expect(echoed('mood')).toBe('mood');
    expect(echoed('x'.repeat(MAX_ECHOED_LENGTH))).toBe('x'.repeat(MAX_ECHOED_LENGTH));
    expect(echoed(huge)).toBe(cut);
    // An emoji across the cut is dropped whole, not halved into a lone surrogate.
    expect(echoed(`${'x'.repeat(MAX_ECHOED_LENGTH - 1)}😀y`)).toBe(`${'x'.repeat(MAX_ECHOED_LENGTH - 1)}…`);
  });

  it('repeats at most the start of a huge unknown CSV header cell', async () => {
    const problems = (await parseCsvImport(`${HEADER},${huge}\r\n`, NOW)).problems;
    expect(problems).toEqual([
      {
        line: 1,
        field: cut,
        message: expect.stringMatching(new RegExp(`^Unknown column "${cut}"; the columns are: tracker,`)),
      },
    ]);
    expect(JSON.stringify(problems).length).toBeLessThan(1_000);
  });

  it('repeats at most the start of a huge CSV field that breaks the syntax', async () => {
    const problems = (await parseCsvImport(csv(`R,numerical,,,,,2025-01-02T07:00:00Z,1,${huge}"quote,,,,,`), NOW))
      .problems;
    expect(problems).toEqual([
      { line: 2, field: 'file', message: expect.stringMatching(/^The file is not valid CSV: /) },
    ]);
    expect(problems[0]!.message.length).toBeLessThan(200);
  });

  it('repeats at most the start of a huge JSON key, version or duplicate tracker name', async () => {
    const problems = (
      await parseJsonImport(
        JSON.stringify({
          version: huge,
          trackers: [
            { name: huge, type: 'note', [huge]: 1 },
            { name: huge, type: 'note' },
          ],
        }),
        NOW,
      )
    ).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          line: 1,
          field: `trackers[0].${cut}`,
          message: expect.stringMatching(/^trackers\[0\]\.x+… is not a known field/),
        },
        { line: 1, field: 'version', message: `version ${cut} is not supported; expected 1` },
        { line: 1, field: 'trackers[1].name', message: `trackers[1].name "${cut}" is already used by trackers[0]` },
      ]),
    );
    expect(JSON.stringify(problems).length).toBeLessThan(2_000);
  });
});

describe('reading a file as it arrives', () => {
  const doc = (trackers: unknown) =>
    JSON.stringify({ format: 'tally-export', version: 1, exportedAt: NOW.toISOString(), trackers }, null, 2);

  it('stops once the first 100 problems are known, and says it did', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => `Run,numerical,,,,,not a date ${i},1,,,,,,`);
    const parsed = await parseCsvImport(csv(...rows), NOW);
    expect(parsed.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(parsed.problems.map((p) => p.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect({ total: parsed.total, complete: parsed.complete }).toEqual({ total: 100, complete: false });

    const logs = Array.from({ length: 5_000 }, () => ({ loggedAt: 'x', value: 1 }));
    const json = await parseJsonImport(doc([{ name: 'Run', type: 'numerical', logs }]), NOW);
    expect(json.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(json.complete).toBe(false);
  });

  it('lists the first problems by line even when a tracker’s own problem is found after its logs', async () => {
    // No name: that is known only at the tracker's end, after 150 bad logs, but it is on an earlier line.
    const logs = Array.from({ length: 150 }, () => ({ loggedAt: 'x', value: 1 }));
    const parsed = await parseJsonImport(doc([{ type: 'numerical', logs }]), NOW);
    expect(parsed.problems[0]).toMatchObject({ field: 'trackers[0].name', line: 6 });
    expect(parsed.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
  });

  it('checks logs against their tracker’s type whatever the order of the keys', async () => {
    const text = JSON.stringify({
      trackers: [
        {
          createdAt: '2025-01-01T00:00:00Z',
          logs: [
            { loggedAt: '2025-01-02T00:00:00Z', value: 3 },
            { loggedAt: '2025-01-02T00:00:00Z', description: 'fine' },
          ],
          name: 'Diary',
          type: 'note',
        },
        { name: 'Run', type: 'numerical', logs: [{ loggedAt: '2025-01-02T00:00:00Z' }], unit: 'km' },
      ],
    })
      .replace(/\{"loggedAt"/g, '\n{"loggedAt"')
      .replace(/"unit"/, '\n"unit"');
    const parsed = await parseJsonImport(text, NOW);
    expect(parsed.problems).toEqual([
      { line: 2, field: 'trackers[0].logs[0].value', message: expect.stringMatching(/must be left out for a note/) },
      { line: 2, field: 'trackers[0].logs[0].description', message: expect.stringMatching(/required for a note/) },
      { line: 4, field: 'trackers[1].logs[0].value', message: expect.stringMatching(/required for a numerical/) },
    ]);
    const fine = await parseJsonImport(
      text.replace('"value":3', '"description":"ok"').replace('00Z"}],', '00Z","value":1}],'),
      NOW,
    );
    expect(fine.problems).toEqual([]);
    expect(fine.trackers.map((t) => [t.fields.name, t.fields.unit, t.logs.length])).toEqual([
      ['Diary', null, 2],
      ['Run', 'km', 1],
    ]);
  });

  it('reads the same whatever the size of the pieces the file arrives in', async () => {
    const text = csv(
      'Ąčę 😀,numerical,,,,,2025-01-02T07:00:00Z,1.5,"two\r\nlines, 中文",calm,,,,',
      'Ąčę 😀,numerical,,,,,2025-01-02T08:00:00Z,x,,,,,,',
    );
    const json = doc([
      { name: 'Ąčę 😀', type: 'note', logs: [{ loggedAt: '2025-01-02T07:00:00Z', description: 'a\\"b 🧘\n中文' }] },
      { name: 'Bad', type: 'numerical', logs: [{ loggedAt: '2025-01-02T07:00:00Z', value: 'x' }] },
    ]);
    for (const [parse, content] of [
      [parseCsvImport, text],
      [parseJsonImport, json],
    ] as const) {
      const whole = await parse(content, NOW);
      expect(whole.problems).toHaveLength(1);
      for (const pieceBytes of [1, 2, 3, 7]) expect(await parse(content, NOW, pieceBytes)).toEqual(whole);
    }
  });

  it('refuses a file that stops being UTF-8 half way, and one with too many trackers', async () => {
    const good = Buffer.from(
      csv(...Array.from({ length: 3_000 }, (_, i) => `R,numerical,,,,,2025-01-02T07:00:00Z,${i},,,,,,`)),
    );
    const bad = Buffer.concat([good, Buffer.from([0xff, 0x0a])]);
    expect((await parseCsvImport(bad, NOW)).problems).toEqual([
      { line: 1, field: 'file', message: expect.stringMatching(/not UTF-8/) },
    ]);
    const many = csv(...Array.from({ length: 10_001 }, (_, i) => `T${i},numerical,,,,,,,,,,,,`));
    expect((await parseCsvImport(many, NOW)).problems).toEqual([
      { line: 10_002, field: 'file', message: 'The file has more than 10,000 trackers: import it in parts' },
    ]);
  });
});

describe('what a valid file never holds', () => {
  it('refuses a CSV row or a JSON value longer than any field allows, without gathering it', async () => {
    const row = await parseCsvImport(csv(`R,numerical,,,,,2025-01-02T07:00:00Z,1,"${'x'.repeat(300_000)}",,,,,`), NOW);
    expect(row.problems).toEqual([
      { line: 2, field: 'row', message: 'The row is longer than any valid row can be (over 262,144 characters)' },
    ]);
    const value = await parseJsonImport(`{"trackers":[{"name":"${'x'.repeat(1_100_000)}"}]}`, NOW);
    expect(value.problems).toEqual([
      { line: 1, field: 'file', message: 'The file is not valid JSON: a value is longer than 1,048,576 characters' },
    ]);
  });
});

describe('ProblemCollector', () => {
  it('keeps the first problems by line, in the order found within a line, and counts the rest', () => {
    const problems = new ProblemCollector(3);
    for (const line of [9, 4, 7, 4, 1, 8, 2]) problems.add({ line, field: `f${line}`, message: 'm' });
    expect(problems.listed().map((p) => p.line)).toEqual([1, 2, 4]);
    expect(problems.total).toBe(7);
    expect(problems.settled(3)).toBe(false); // a problem on line 3 would still come before line 4
    expect(problems.settled(4)).toBe(true);
  });
});
