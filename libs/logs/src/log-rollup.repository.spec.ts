import { rollupSlotOf, slotWidthFor } from './log-rollup.repository';

describe('rollup slots', () => {
  const segments = (...hours: number[]) =>
    hours.map((h, i) => ({ until: i < hours.length - 1 ? new Date(i + 1) : null, offsetSeconds: h * 3600 }));

  it('uses the widest slot no local day boundary can cut', () => {
    expect(slotWidthFor(segments(-5, -4))).toBe(60); // New York
    expect(slotWidthFor(segments(5.5))).toBe(30); // Kolkata
    expect(slotWidthFor(segments(10.5, 11))).toBe(30); // Lord Howe
    expect(slotWidthFor(segments(5.75))).toBeNull(); // Kathmandu: read from the logs
    expect(slotWidthFor(segments(0))).toBe(60);
  });

  it('finds the slot an instant falls in, before 1970 too', () => {
    expect(rollupSlotOf(new Date('2025-03-09T07:44:59.999Z'), 30).toISOString()).toBe('2025-03-09T07:30:00.000Z');
    expect(rollupSlotOf(new Date('2025-03-09T07:44:59.999Z'), 60).toISOString()).toBe('2025-03-09T07:00:00.000Z');
    expect(rollupSlotOf(new Date('1950-01-01T00:14:00Z'), 30).toISOString()).toBe('1950-01-01T00:00:00.000Z');
  });
});
