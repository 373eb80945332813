import {
  charLength,
  ONE_TIME_TOKEN_PATTERN,
  TWO_FACTOR_CODE_PATTERN,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
  utf8Length,
} from './limits';

describe('shared limits', () => {
  it('counts UTF-8 bytes exactly as Node and the browser encode them', () => {
    const samples = ['', 'abc', 'café', 'ß', '日本語', '🙂', '🏃‍♀️', 'é'.repeat(40), 'lone \ud800 surrogate', '\udc00'];
    for (const sample of samples) {
      expect(utf8Length(sample)).toBe(Buffer.byteLength(sample, 'utf8'));
      expect(utf8Length(sample)).toBe(new TextEncoder().encode(sample).length);
    }
  });

  it('counts characters as code points, as utf8mb4 columns do', () => {
    expect(charLength('🙂🙂')).toBe(2);
    expect(charLength('🏃‍♀️')).toBe(4);
    expect(charLength('₹')).toBe(1);
  });

  it('builds the username pattern from its bounds', () => {
    expect(USERNAME_PATTERN.test('a'.repeat(USERNAME_MIN_LENGTH))).toBe(true);
    expect(USERNAME_PATTERN.test('a'.repeat(USERNAME_MIN_LENGTH - 1))).toBe(false);
    expect(USERNAME_PATTERN.test('a'.repeat(USERNAME_MAX_LENGTH))).toBe(true);
    expect(USERNAME_PATTERN.test('a'.repeat(USERNAME_MAX_LENGTH + 1))).toBe(false);
    expect(USERNAME_PATTERN.test('ada.l_o-v')).toBe(true);
    expect(USERNAME_PATTERN.test('ada lovelace')).toBe(false);
  });

  it('recognises one-time tokens and second factors', () => {
    expect(ONE_TIME_TOKEN_PATTERN.test('A'.repeat(43))).toBe(true);
    expect(ONE_TIME_TOKEN_PATTERN.test('A'.repeat(42))).toBe(false);
    expect(TWO_FACTOR_CODE_PATTERN.test('123456')).toBe(true);
    expect(TWO_FACTOR_CODE_PATTERN.test('abcd-efgh-ijkl-mnop')).toBe(true);
    expect(TWO_FACTOR_CODE_PATTERN.test('12345')).toBe(false);
  });
});
