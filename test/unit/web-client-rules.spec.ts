/**
 * The web client's pure rules (apps/web is built by the Angular CLI and has no test runner of its
 * own; these files import no Angular runtime code): times in the profile's time zone, the CSRF
 * cookie, where to go after signing in, the chart options and the session list's device names.
 */
import { readCsrfCookie } from '../../apps/web/src/app/core/auth/csrf-cookie';
import { safeNextUrl } from '../../apps/web/src/app/core/auth/next-url';
import { formatWhen, withUnit } from '../../apps/web/src/app/core/time/time-format';
import {
  addDays,
  fromLocalInput,
  isoInZone,
  localDate,
  offsetMinutes,
  toLocalInput,
} from '../../apps/web/src/app/core/time/zoned-time';
import { LIGHT_PALETTE } from '../../apps/web/src/app/charts/chart-palette';
import { bucketLabel, escapeHtml, valueChartOption } from '../../apps/web/src/app/charts/tracker-charts';
import { describeUserAgent } from '../../apps/web/src/app/pages/settings/security/user-agent';

describe('times in a named time zone (web)', () => {
  it('reads and writes wall-clock times in the zone, not the machine’s', () => {
    const instant = new Date('2026-01-15T12:30:00Z');
    expect(toLocalInput(instant, 'Asia/Kolkata')).toBe('2026-01-15T18:00');
    expect(fromLocalInput('2026-01-15T18:00', 'Asia/Kolkata').toISOString()).toBe('2026-01-15T12:30:00.000Z');
    expect(isoInZone(instant, 'America/New_York')).toBe('2026-01-15T07:30:00-05:00');
    expect(isoInZone(instant, 'UTC')).toBe('2026-01-15T12:30:00+00:00');
    expect(localDate(new Date('2026-01-15T23:30:00Z'), 'Europe/Berlin')).toBe('2026-01-16');
  });

  it('follows daylight saving time', () => {
    expect(offsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes(new Date('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(fromLocalInput('2026-07-01T09:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    // 02:30 happens twice in Berlin on 25 Oct 2026: the first one (still summer time) is meant.
    expect(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // 02:30 does not exist in Berlin on 29 Mar 2026: read on the winter clock, it is 03:30 summer time.
    expect(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('counts days across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-10', -29)).toBe('2025-12-12');
  });

  it('names days people’s way, in the zone', () => {
    const now = new Date('2026-01-15T12:00:00Z');
    expect(formatWhen('2026-01-15T10:00:00Z', 'UTC', 'relative', now)).toBe('2 h ago');
    expect(formatWhen('2026-01-14T20:00:00Z', 'UTC', 'log', now)).toMatch(/^Yesterday, /);
    // 23:00 UTC on the 14th is already the 15th in Tokyo.
    expect(formatWhen('2026-01-14T23:00:00Z', 'Asia/Tokyo', 'log', now)).toMatch(/^Today, /);
  });

  it('puts a unit after the number and a currency sign before it', () => {
    expect(withUnit(5.25, 'km')).toMatch(/^5[.,]25 km$/);
    expect(withUnit(120, '₹')).toBe('₹120');
    expect(withUnit(3, null)).toBe('3');
  });
});

describe('session helpers (web)', () => {
  it('reads the CSRF cookie under its production or development name', () => {
    expect(readCsrfCookie('a=1; __Host-tally_csrf=abc%3D; b=2')).toBe('abc=');
    expect(readCsrfCookie('tally_csrf=xyz')).toBe('xyz');
    expect(readCsrfCookie('tally_csrf=; other=1')).toBeNull();
    expect(readCsrfCookie('')).toBeNull();
  });

  it('returns only to pages of this app after signing in', () => {
    expect(safeNextUrl('/trackers/5?x=1')).toBe('/trackers/5?x=1');
    expect(safeNextUrl('//evil.example/path')).toBe('/dashboard');
    expect(safeNextUrl('https://evil.example')).toBe('/dashboard');
    expect(safeNextUrl('/\\evil.example')).toBe('/dashboard');
    expect(safeNextUrl('/login?next=/x')).toBe('/dashboard');
    expect(safeNextUrl(null)).toBe('/dashboard');
  });

  it('names devices from their User-Agent', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1')).toBe(
      'Safari on iOS',
    );
    expect(describeUserAgent('curl/8.5.0')).toBe('A script');
    expect(describeUserAgent(null)).toBe('Unknown device');
  });
});

describe('chart options (web, shared with the report renderer)', () => {
  const buckets = [
    { start: '2026-03-08T00:00:00.000-05:00', count: 0, sum: null, avg: null, min: null, max: null },
    { start: '2026-03-09T00:00:00.000-04:00', count: 2, sum: 10, avg: 5, min: 4, max: 6 },
  ];

  it('labels buckets with the local date the api sent, whatever the browser’s zone', () => {
    expect(bucketLabel(buckets[1]!.start, 'day')).toBe('9 Mar');
    expect(bucketLabel('2026-03-01T00:00:00.000+05:30', 'month')).toBe('Mar 2026');
  });

  it('shows an empty bucket as a total of 0 and leaves its average out', () => {
    const total = valueChartOption({ buckets, bucket: 'day', unit: 'km', style: 'bar', measure: 'sum' }, LIGHT_PALETTE);
    const average = valueChartOption(
      { buckets, bucket: 'day', unit: 'km', style: 'line', measure: 'avg' },
      LIGHT_PALETTE,
    );
    expect((total.series as { data: unknown[] }[])[0]!.data).toEqual([0, 10]);
    expect((average.series as { data: unknown[] }[])[0]!.data).toEqual([null, 5]);
  });

  it('escapes the unit in the HTML tooltip', () => {
    const option = valueChartOption(
      { buckets, bucket: 'day', unit: '<img src=x onerror=alert(1)>', style: 'bar', measure: 'sum' },
      LIGHT_PALETTE,
    );
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = formatter([{ dataIndex: 1 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
    expect(escapeHtml(`"'&<>`)).toBe('&#34;&#39;&#38;&#60;&#62;');
  });
});
