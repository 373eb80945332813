import { BadRequestError } from '@tally/platform';
import { DateTime } from 'luxon';
import { bucketStarts } from './buckets';

const iso = (text: string) => new Date(text);

describe('bucketStarts', () => {
  it('gives New York a 23-hour day at the March DST change', () => {
    const days = bucketStarts('America/New_York', 'day', iso('2025-03-08T12:00:00Z'), iso('2025-03-10T12:00:00Z'));
    expect(days.map((d) => d.key)).toEqual(['2025-03-08', '2025-03-09', '2025-03-10']);
    expect(days.map((d) => d.startIso)).toEqual([
      '2025-03-08T00:00:00.000-05:00',
      '2025-03-09T00:00:00.000-05:00',
      '2025-03-10T00:00:00.000-04:00',
    ]);
    expect(days[2]!.startMs - days[1]!.startMs).toBe(23 * 3600 * 1000);
  });

  it('starts Kolkata days at 18:30 UTC', () => {
    const days = bucketStarts('Asia/Kolkata', 'day', iso('2025-01-01T18:29:59Z'), iso('2025-01-01T18:30:00Z'));
    expect(days.map((d) => [d.key, new Date(d.startMs).toISOString()])).toEqual([
      ['2025-01-01', '2024-12-31T18:30:00.000Z'],
      ['2025-01-02', '2025-01-01T18:30:00.000Z'],
    ]);
  });

  it('starts weeks on Monday and months on the 1st', () => {
    const weeks = bucketStarts('UTC', 'week', iso('2025-03-05T00:00:00Z'), iso('2025-03-17T00:00:00Z'));
    expect(weeks.map((w) => w.key)).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
    const months = bucketStarts('Europe/Berlin', 'month', iso('2025-01-31T23:30:00Z'), iso('2025-03-31T21:59:59Z'));
    // 23:30 UTC on 31 January is already 1 February in Berlin.
    expect(months.map((m) => m.key)).toEqual(['2025-02-01', '2025-03-01']);
  });

  it('handles a zone whose midnight does not exist (Santiago, DST at 00:00)', () => {
    const days = bucketStarts('America/Santiago', 'day', iso('2024-09-07T12:00:00Z'), iso('2024-09-09T12:00:00Z'));
    expect(days.map((d) => d.key)).toEqual(['2024-09-07', '2024-09-08', '2024-09-09']);
    expect(days[1]!.startIso).toBe('2024-09-08T01:00:00.000-03:00');
  });

  it.each([
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Kathmandu',
    'UTC',
    'Europe/London',
    'America/St_Johns',
    'Pacific/Apia',
  ])('agrees with Luxon on every bucket start over five years in %s', (zone) => {
    const from = new Date('2020-06-15T13:00:00Z');
    const to = new Date('2025-06-15T13:00:00Z');
    for (const bucket of ['day', 'week', 'month'] as const) {
      const expected: string[] = [];
      let cursor = DateTime.fromJSDate(from, { zone }).startOf(bucket);
      while (cursor.toMillis() <= to.getTime()) {
        expected.push(`${cursor.toISODate()} ${cursor.toISO()}`);
        cursor = cursor.plus({ [bucket]: 1 }).startOf(bucket);
      }
      expect(bucketStarts(zone, bucket, from, to).map((b) => `${b.key} ${b.startIso}`)).toEqual(expected);
    }
  });

  it('refuses ranges with too many buckets, naming the fix', () => {
    expect(() => bucketStarts('UTC', 'day', iso('1950-01-01T00:00:00Z'), iso('2025-01-01T00:00:00Z'))).toThrow(
      BadRequestError,
    );
    expect(bucketStarts('UTC', 'month', iso('1950-01-01T00:00:00Z'), iso('2025-01-01T00:00:00Z'))).toHaveLength(901);
  });
});
