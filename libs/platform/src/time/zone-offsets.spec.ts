import { localTimeSql, offsetSecondsAt, offsetSegments } from './zone-offsets';

describe('offsetSegments', () => {
  it('splits America/New_York at both 2025 DST changes, to the second', () => {
    const segments = offsetSegments(
      'America/New_York',
      new Date('2025-01-01T00:00:00Z'),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(segments).toEqual([
      { until: new Date('2025-03-09T07:00:00Z'), offsetSeconds: -5 * 3600 },
      { until: new Date('2025-11-02T06:00:00Z'), offsetSeconds: -4 * 3600 },
      { until: null, offsetSeconds: -5 * 3600 },
    ]);
  });

  it('has one segment for a zone without DST (Asia/Kolkata, +05:30)', () => {
    const segments = offsetSegments('Asia/Kolkata', new Date('2020-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(segments).toEqual([{ until: null, offsetSeconds: 5.5 * 3600 }]);
  });

  it('keeps only the changes inside the range', () => {
    const segments = offsetSegments(
      'Europe/Berlin',
      new Date('2025-04-01T00:00:00Z'),
      new Date('2025-05-01T00:00:00Z'),
    );
    expect(segments).toEqual([{ until: null, offsetSeconds: 2 * 3600 }]);
  });

  it('spans several years (southern hemisphere DST, Australia/Sydney)', () => {
    const segments = offsetSegments(
      'Australia/Sydney',
      new Date('2023-01-01T00:00:00Z'),
      new Date('2025-01-01T00:00:00Z'),
    );
    expect(segments.map((s) => s.offsetSeconds / 3600)).toEqual([11, 10, 11, 10, 11]);
    for (const segment of segments.slice(0, -1)) {
      const before = offsetSecondsAt('Australia/Sydney', segment.until!.getTime() - 1000);
      expect(before).toBe(segment.offsetSeconds);
    }
  });

  it('treats an unknown zone as UTC rather than failing', () => {
    expect(offsetSegments('Mars/Olympus', new Date(0), new Date(1e12))).toEqual([{ until: null, offsetSeconds: 0 }]);
  });
});

describe('localTimeSql', () => {
  it('is a plain addition for a fixed offset', () => {
    expect(localTimeSql('t.ts', [{ until: null, offsetSeconds: 19800 }])).toEqual({
      sql: '(t.ts + INTERVAL ? SECOND)',
      params: [19800],
    });
  });

  it('is a CASE over the segments otherwise', () => {
    const at = new Date('2025-03-09T07:00:00Z');
    expect(
      localTimeSql('ts', [
        { until: at, offsetSeconds: -18000 },
        { until: null, offsetSeconds: -14400 },
      ]),
    ).toEqual({ sql: '(ts + INTERVAL (CASE WHEN ts < ? THEN ? ELSE ? END) SECOND)', params: [at, -18000, -14400] });
  });
});
