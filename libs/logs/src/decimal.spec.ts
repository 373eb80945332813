import { decimalFromNumber, decimalFromText, decimalToNumber, decimalToText } from './decimal';

describe('decimalFromNumber', () => {
  it.each([
    [12.5, '12.5'],
    [0, '0'],
    [-0, '0'],
    [-3.25, '-3.25'],
    [0.0001, '0.0001'],
    [99999999999999, '99999999999999'],
    [9999999999.9999, '9999999999.9999'],
    [-12345678901.2345, '-12345678901.2345'],
  ])('stores %p exactly as %p', (value, text) => {
    expect(decimalFromNumber(value)).toEqual({ ok: true, text });
    expect(decimalToNumber(text)).toBe(value === 0 ? 0 : value);
  });

  it.each([
    [Number.NaN, /finite/],
    [Number.POSITIVE_INFINITY, /finite/],
    [0.00001, /4 decimal places/],
    [1e-7, /4 decimal places/],
    [1.23456, /4 decimal places/],
    [1e15, /between/],
    [1e21, /between/],
    [12345678901234.56, /significant digits/],
    ['12', /number/],
    [null, /number/],
  ])('refuses %p', (value, problem) => {
    const result = decimalFromNumber(value);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });
});

describe('decimalFromText', () => {
  it.each([
    ['12.50', '12.5'],
    [' 007 ', '7'],
    ['-0.0', '0'],
    ['+3', '3'],
  ])('reads %p as %p', (text, expected) => {
    expect(decimalFromText(text)).toEqual({ ok: true, text: expected });
  });

  it.each(['1e3', '1,000', '12.', '.5', 'abc', '', '1.23456', '123456789012345'])('refuses %p', (text) => {
    expect(decimalFromText(text).ok).toBe(false);
  });

  it('shortens MySQL DECIMAL text', () => {
    expect(decimalToText('12.5000')).toBe('12.5');
    expect(decimalToText('-0.0100')).toBe('-0.01');
    expect(decimalToText('100.0000')).toBe('100');
  });
});
