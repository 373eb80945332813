import { parseInstant, parseTimeBound, toZonedIso } from './instants';

describe('parseInstant', () => {
  it.each([
    ['2025-03-09T08:30:00-04:00', '2025-03-09T12:30:00.000Z'],
    ['2025-03-09T08:30Z', '2025-03-09T08:30:00.000Z'],
    ['2025-03-09T08:30:00.123+05:30', '2025-03-09T03:00:00.123Z'],
    ['2025-03-09T08:30:00.123456Z', '2025-03-09T08:30:00.123Z'],
  ])('accepts %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-03-09T08:30:00', // no offset: ambiguous
    '2025-03-09',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-03-09 08:30:00Z',
    '1899-12-31T23:59:59Z',
    '9999-12-31T23:59:59Z',
    'yesterday',
    '',
  ])('refuses %p', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('parseTimeBound', () => {
  it('reads a bare date as the local day in the user zone', () => {
    expect(parseTimeBound('2025-03-09', 'America/New_York', 'start')?.toISOString()).toBe('2025-03-09T05:00:00.000Z');
    // 9 March 2025 is 23 hours long in New York: it ends at 03:59:59.999 UTC the next day.
    expect(parseTimeBound('2025-03-09', 'America/New_York', 'end')?.toISOString()).toBe('2025-03-10T03:59:59.999Z');
  });

  it('passes date-times through', () => {
    expect(parseTimeBound('2025-03-09T00:00:00Z', 'Asia/Kolkata', 'start')?.toISOString()).toBe(
      '2025-03-09T00:00:00.000Z',
    );
  });
});

describe('toZonedIso', () => {
  it('prints the local offset', () => {
    expect(toZonedIso(new Date('2025-03-09T05:00:00Z'), 'America/New_York')).toBe('2025-03-09T00:00:00.000-05:00');
    expect(toZonedIso(new Date('2025-03-09T05:00:00Z'), 'Asia/Kolkata')).toBe('2025-03-09T10:30:00.000+05:30');
  });
});
