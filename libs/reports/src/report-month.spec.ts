import {
  checkReportMonth,
  InvalidReportMonthError,
  isReportMonth,
  longestRun,
  monthBounds,
  previousMonth,
  sumDecimals,
} from './report-month';

describe('report months', () => {
  it('reads YYYY-MM only', () => {
    expect(['2026-01', '2026-12', '1900-01'].every(isReportMonth)).toBe(true);
    expect(['2026-00', '2026-13', '2026-1', '26-01', '2026-01-01', '1899-12', '', 202601].some(isReportMonth)).toBe(
      false,
    );
  });

  it('finds a month’s bounds in a zone, DST and short months included', () => {
    // Berlin: 1 March is CET (UTC+1), 1 April CEST (UTC+2).
    expect(monthBounds('2026-03', 'Europe/Berlin')).toEqual({
      month: '2026-03',
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
      days: 31,
    });
    expect(monthBounds('2028-02', 'Asia/Kathmandu')).toMatchObject({
      start: new Date('2028-01-31T18:15:00Z'),
      days: 29,
    });
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(previousMonth('2026-03')).toBe('2026-02');
  });

  it('refuses months after the current one in the user’s zone, with a 400', () => {
    const now = new Date('2026-11-30T23:30:00Z'); // already 1 December in Berlin, still November in New York
    expect(checkReportMonth('2026-12', 'Europe/Berlin', now)).toBe('2026-12');
    expect(() => checkReportMonth('2026-12', 'America/New_York', now)).toThrow(InvalidReportMonthError);
    let caught: unknown;
    try {
      checkReportMonth('nope', 'UTC', now);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidReportMonthError);
    expect((caught as InvalidReportMonthError).kind).toBe('bad_request');
    expect((caught as InvalidReportMonthError).details).toEqual([
      { field: 'month', message: 'must be a month in the form YYYY-MM, e.g. 2026-11' },
    ]);
  });

  it('adds DECIMAL(18,4) texts exactly', () => {
    expect(sumDecimals(['0.1000', '0.2000'])).toBe('0.3');
    expect(sumDecimals(['99999999999999.9999', '99999999999999.9999'])).toBe('199999999999999.9998');
    expect(sumDecimals(['-5.2500', '3', null])).toBe('-2.25');
    expect(sumDecimals(['-0.5000', '0.5000'])).toBe('0');
    expect(sumDecimals([null, null])).toBeNull();
  });

  it('measures the longest run', () => {
    expect(longestRun([])).toBe(0);
    expect(longestRun([true, true, false, true, true, true, false])).toBe(3);
  });
});
