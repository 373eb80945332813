import { charLength } from './limits';
import { cleanOptionalText, textProblem } from './text-rules';

describe('text rules', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(charLength('🏃‍♀️')).toBe(4);
    expect(charLength('₹')).toBe(1);
    expect(textProblem('😀'.repeat(100), { max: 100 })).toBeNull();
    expect(textProblem('😀'.repeat(101), { max: 100 })).toBe('must be at most 100 characters');
  });

  it('refuses lone surrogates, which MySQL would silently mangle', () => {
    expect(textProblem('bad \ud800 text', { max: 100 })).toBe('must be valid Unicode text');
  });

  it('keeps control characters out of single-line fields only', () => {
    expect(textProblem('a\nb', { max: 10 })).toMatch(/single line/);
    expect(textProblem('a\nb\tc', { max: 10, multiline: true })).toBeNull();
    expect(textProblem('a\u0000b', { max: 10, multiline: true })).toMatch(/control/);
  });

  it('treats blank optional text as unset', () => {
    expect(cleanOptionalText('  ')).toBeNull();
    expect(cleanOptionalText(' km ')).toBe('km');
    expect(cleanOptionalText(undefined)).toBeNull();
  });
});
