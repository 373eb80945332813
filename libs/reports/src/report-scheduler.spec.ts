import { reportDue } from './report-scheduler.service';

describe('reportDue: the 1st at 20:00 on each zone’s wall clock', () => {
  const due = (zone: string, at: string) => reportDue(zone, new Date(at))?.month ?? null;

  it('is due from 20:00 local on the 1st, for an hour of catch-up, for the month before', () => {
    // 1 November 2026 in Berlin is CET (UTC+1): 20:00 is 19:00 UTC.
    expect(due('Europe/Berlin', '2026-11-01T18:59:00Z')).toBeNull();
    expect(due('Europe/Berlin', '2026-11-01T19:00:00Z')).toBe('2026-10');
    expect(due('Europe/Berlin', '2026-11-01T19:59:00Z')).toBe('2026-10');
    expect(due('Europe/Berlin', '2026-11-01T20:00:00Z')).toBeNull();
    expect(due('Europe/Berlin', '2026-11-02T19:00:00Z')).toBeNull(); // the 2nd
    expect(due('Europe/Berlin', '2026-10-31T19:00:00Z')).toBeNull();
  });

  it('follows each zone’s offset on that day, DST included', () => {
    // New York left summer time at 02:00 that very morning: 20:00 EST is 01:00 UTC on the 2nd.
    expect(due('America/New_York', '2026-11-02T00:00:00Z')).toBeNull();
    expect(due('America/New_York', '2026-11-02T01:00:00Z')).toBe('2026-10');
    // Berlin is on summer time on 1 October (UTC+2); Sydney not yet (UTC+10; it changes on the 4th).
    expect(due('Europe/Berlin', '2026-10-01T18:00:00Z')).toBe('2026-09');
    expect(due('Australia/Sydney', '2026-10-01T10:00:00Z')).toBe('2026-09');
    expect(due('Asia/Kathmandu', '2026-10-01T14:15:00Z')).toBe('2026-09');
    expect(due('Asia/Kathmandu', '2026-10-01T14:14:00Z')).toBeNull();
  });

  it('reports December on New Year’s Day, with that month’s bounds in the zone', () => {
    const december = reportDue('Europe/Berlin', new Date('2027-01-01T19:00:00Z'))!;
    expect(december).toEqual({
      zone: 'Europe/Berlin',
      month: '2026-12',
      start: new Date('2026-11-30T23:00:00Z'),
      end: new Date('2026-12-31T23:00:00Z'),
    });
  });

  it('is due in each minute of its hour and in no other minute of those two days (the outbox key makes it one mail)', () => {
    const ticks = Array.from({ length: 48 * 60 }, (_, i) => new Date(Date.parse('2026-10-31T12:00:00Z') + i * 60_000));
    const hits = ticks.filter((at) => reportDue('Europe/Berlin', at));
    expect(hits.map((at) => at.toISOString())[0]).toBe('2026-11-01T19:00:00.000Z');
    expect(hits).toHaveLength(60); // every minute of the window: the outbox key makes it one mail
  });

  it('treats a zone the runtime does not know as UTC, keeping its name for the join on users.timezone', () => {
    expect(reportDue('Mars/Olympus', new Date('2026-11-01T20:00:00Z'))).toEqual({
      zone: 'Mars/Olympus',
      month: '2026-10',
      start: new Date('2026-10-01T00:00:00Z'),
      end: new Date('2026-11-01T00:00:00Z'),
    });
  });
});
