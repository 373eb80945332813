import { parseCsvImport, parseJsonImport } from './import-parsers';
import { echoed, MAX_ECHOED_LENGTH } from './import-record';

const NOW = new Date('2026-01-15T12:00:00Z');
const HEADER =
  'tracker,trackerType,trackerDescription,trackerWhatToTrack,trackerUnit,trackerCreatedAt,loggedAt,value,description,emotion,reminderMessage,reminderAt,reminderSentAt,createdAt';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

describe('parseCsvImport', () => {
  it('reads trackers and logs, including trackers without logs and guarded cells', () => {
    const parsed = parseCsvImport(
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

  it('names the line and the column of every problem, counting lines inside quoted fields', () => {
    const parsed = parseCsvImport(
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

  it('counts lines the same with \\n line endings', () => {
    const text = csv(
      'R,numerical,,,,,2025-01-02T07:00:00Z,1,"a\r\nb",,,,,',
      'R,numerical,,,,,2025-01-02T07:00:00Z,x,,,,,,',
    );
    expect(parseCsvImport(text.replace(/\r\n/g, '\n'), NOW).problems).toEqual([
      expect.objectContaining({ line: 4, field: 'value' }),
    ]);
    expect(parseCsvImport(text, NOW).problems).toEqual([expect.objectContaining({ line: 4, field: 'value' })]);
  });

  it('accepts past reminders from history and marks them sent, never to be emailed late', () => {
    const parsed = parseCsvImport(csv('R,numerical,,,,,2025-01-02T07:00:00Z,1,,,Stretch,2025-01-02T08:00:00Z,,'), NOW);
    expect(parsed.problems).toEqual([]);
    expect(parsed.trackers[0]!.logs[0]!.reminderSentAt).toEqual(NOW);
  });

  it('explains a broken header or broken CSV', () => {
    expect(parseCsvImport('tracker,kind\nx,y\n', NOW).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, field: 'kind', message: expect.stringMatching(/Unknown column "kind"/) }),
        expect.objectContaining({ line: 1, field: 'trackerType', message: 'Column "trackerType" is missing' }),
      ]),
    );
    const broken = parseCsvImport(csv('R,numerical,,,,,2025-01-02T07:00:00Z,1,"unclosed,,,,,,'), NOW);
    expect(broken.problems).toEqual([
      expect.objectContaining({
        field: 'file',
        message: expect.stringMatching(/^The file is not valid CSV: Quote Not Closed/),
      }),
    ]);
    expect(parseCsvImport('', NOW).problems[0]!.message).toMatch(/empty/);
  });
});

describe('parseJsonImport', () => {
  const doc = (trackers: unknown) =>
    JSON.stringify({ format: 'tally-export', version: 1, exportedAt: NOW.toISOString(), trackers }, null, 2);

  it('reads the exported shape', () => {
    const parsed = parseJsonImport(
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

  it('names the line and the path of each problem', () => {
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
    const parsed = parseJsonImport(text, NOW);
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

  it('points at the line of a syntax error', () => {
    const parsed = parseJsonImport('{\n  "trackers": [\n    { "name": "x", }\n  ]\n}', NOW);
    expect(parsed.problems).toEqual([
      { line: 3, field: 'file', message: expect.stringMatching(/^The file is not valid JSON/) },
    ]);
  });

  it('refuses another document shape', () => {
    expect(parseJsonImport('[1,2]', NOW).problems[0]!.message).toMatch(/"trackers" array/);
    expect(parseJsonImport(doc([]).replace('"tally-export"', '"other"'), NOW).problems[0]!.message).toBe(
      'format must be "tally-export"',
    );
  });
});

describe("echoing the file's own text in problems", () => {
  const huge = 'x'.repeat(140_000);
  const cut = `${'x'.repeat(MAX_ECHOED_LENGTH)}…`;

  it('cuts long text to MAX_ECHOED_LENGTH characters and an ellipsis, and leaves short text alone', () => {
    expect(echoed('mood')).toBe('mood');
    expect(echoed('x'.repeat(MAX_ECHOED_LENGTH))).toBe('x'.repeat(MAX_ECHOED_LENGTH));
    expect(echoed(huge)).toBe(cut);
    // An emoji across the cut is dropped whole, not halved into a lone surrogate.
    expect(echoed(`${'x'.repeat(MAX_ECHOED_LENGTH - 1)}😀y`)).toBe(`${'x'.repeat(MAX_ECHOED_LENGTH - 1)}…`);
  });

  it('repeats at most the start of a huge unknown CSV header cell', () => {
    const problems = parseCsvImport(`${HEADER},${huge}\r\n`, NOW).problems;
    expect(problems).toEqual([
      {
        line: 1,
        field: cut,
        message: expect.stringMatching(new RegExp(`^Unknown column "${cut}"; the columns are: tracker,`)),
      },
    ]);
    expect(JSON.stringify(problems).length).toBeLessThan(1_000);
  });

  it('repeats at most the start of a huge CSV field that breaks the syntax', () => {
    const problems = parseCsvImport(csv(`R,numerical,,,,,2025-01-02T07:00:00Z,1,${huge}"quote,,,,,`), NOW).problems;
    expect(problems).toEqual([
      { line: 2, field: 'file', message: expect.stringMatching(/^The file is not valid CSV: /) },
    ]);
    expect(problems[0]!.message.length).toBeLessThan(200);
  });

  it('repeats at most the start of a huge JSON key, version or duplicate tracker name', () => {
    const problems = parseJsonImport(
      JSON.stringify({
        version: huge,
        trackers: [
          { name: huge, type: 'note', [huge]: 1 },
          { name: huge, type: 'note' },
        ],
      }),
      NOW,
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
