import { DateTime } from 'luxon';
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

describe('parseInstant agrees with Luxon', () => {
  it('on 5,000 random date-times with offsets, and on impossible ones', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    for (let i = 0; i < 5000; i++) {
      const offset = random(3) === 0 ? 'Z' : `${random(2) ? '+' : '-'}${pad(random(15))}:${pad(random(4) * 15)}`;
      const fraction = random(2)
        ? `.${String(random(1_000_000))
            .padStart(random(6) + 1, '0')
            .slice(0, 9)}`
        : '';
      const text = `${1900 + random(200)}-${pad(1 + random(12))}-${pad(1 + random(31))}T${pad(random(24))}:${pad(random(60))}:${pad(random(60))}${fraction}${offset}`;
      const luxon = DateTime.fromISO(text, { setZone: true });
      const expected =
        luxon.isValid && luxon.toMillis() >= Date.parse('1900-01-01T00:00:00Z') ? luxon.toMillis() : null;
      expect({ text, at: parseInstant(text)?.getTime() ?? null }).toEqual({ text, at: expected });
    }
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
